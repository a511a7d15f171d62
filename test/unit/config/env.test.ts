import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/errors.js';

async function envExample(): Promise<Record<string, string>> {
  const text = await readFile(new URL('../../../.env.example', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

describe('configuration', () => {
  it('.env.example lists every variable of the schema and parses', async () => {
    const example = await envExample();
    expect(Object.keys(example).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    expect(() => loadConfig(example)).not.toThrow();
  });

  it('defaults apply when nothing is set; empty means unset', () => {
    expect(loadConfig({ DATABASE_URL: '' })).toEqual({
      LOG_LEVEL: 'info',
      DATA_DIR: './data',
      REOPEN_WINDOW_DAYS: 7,
      FIRST_SYNC_DAYS: 30,
      REPORTING_TIME_ZONE: 'UTC',
      SYNC_CRON: '* * * * *',
      WORKER_CONCURRENCY: 4,
      SHUTDOWN_GRACE_MS: 30_000,
      WORKER_LOCK_MS: 30_000,
      REPLAY_REBUILD_QUIET_MS: 300_000,
      REPLAY_REBUILD_MAX_WAIT_MS: 1_800_000,
    });
  });

  it('the replay rebuild never waits longer for a quiet spell than its longest wait', () => {
    expect(() =>
      loadConfig({ REPLAY_REBUILD_QUIET_MS: '600000', REPLAY_REBUILD_MAX_WAIT_MS: '60000' }),
    ).toThrow(/REPLAY_REBUILD_MAX_WAIT_MS: must be at least REPLAY_REBUILD_QUIET_MS/);
    expect(() => loadConfig({ REPLAY_REBUILD_QUIET_MS: '5' })).toThrow(/REPLAY_REBUILD_QUIET_MS/);
    const config = loadConfig({
      REPLAY_REBUILD_QUIET_MS: '500',
      REPLAY_REBUILD_MAX_WAIT_MS: '500',
    });
    expect([config.REPLAY_REBUILD_QUIET_MS, config.REPLAY_REBUILD_MAX_WAIT_MS]).toEqual([500, 500]);
  });

  it('names each bad variable and the reason, never the value', () => {
    const secret = 'mysql://user:hunter2@db/x';
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: secret,
        REOPEN_WINDOW_DAYS: '-3',
        REPORTING_TIME_ZONE: 'Mars/Olympus',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/REOPEN_WINDOW_DAYS/);
    expect(message).toMatch(/REPORTING_TIME_ZONE: unknown IANA time zone/);
    expect(message).not.toContain('hunter2');
  });

  it('production mode needs an encryption key of exactly 32 bytes', () => {
    const databaseUrl = 'postgres://db.internal/deskpulse';
    expect(() => loadConfig({ DATABASE_URL: databaseUrl })).toThrow(
      /ENCRYPTION_KEY: required when DATABASE_URL is set/,
    );
    expect(() => loadConfig({ ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /ENCRYPTION_KEY: must be base64 of exactly 32 bytes/,
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ DATABASE_URL: databaseUrl, ENCRYPTION_KEY: key }).ENCRYPTION_KEY).toBe(key);
  });
});

import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** `node dist/plugin-tools/cli.js …` as `npm run plugin:package -- …` runs it. */
async function pluginTools(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['dist/plugin-tools/cli.js', ...args], {
      cwd: root,
    });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  // The same bundle `npm run plugin:package` builds and runs.
  await run('npm', ['run', '--silent', 'plugin:tools'], { cwd: root });
}, 60_000);

describe('plugin:package with a bad --backend-host', () => {
  it.each([
    ['https://deskpulse.example.com/', /--backend-host must be a host name/],
    ['deskpulse.example.com/api', /--backend-host must be a host name/],
    ['user:pw@deskpulse.example.com', /--backend-host must be a host name/],
  ])('%s: one line, exit 2, no stack', async (host, message) => {
    const r = await pluginTools(['package', '--backend-host', host]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a --backend-host with no value is refused instead of silently ignored', async () => {
    const r = await pluginTools(['package', '--backend-host']);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'error: --backend-host needs a value']);
  });
});

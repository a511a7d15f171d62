import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { openRuntime } from '../../../src/runtime/open-runtime.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { deriveRoleClaimKey } from '../../../src/services/app-auth/role-claim-key.js';
import { hashAppSecret } from '../../../src/security/secrets.js';

/** Runs the CLI in-process; `answer` plays the person at a terminal (absent: no TTY). */
async function cli(args: string[], answer?: string) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    clock: () => Date.now(),
    ...(answer === undefined ? {} : { ask: () => Promise.resolve(answer) }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function withStore<T>(fn: (r: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>) {
  const runtime = await openRuntime(loadConfig(process.env));
  try {
    return await fn(runtime);
  } finally {
    await runtime.store.close();
  }
}

const REGISTRATION = {
  helpdesk: 'zendesk',
  domain: 'lifeco',
  credentials: { kind: 'token', email: 'admin@lifeco.test', token: 'zd-token-secret' },
};

describe('deskpulse installations (embedded mode)', () => {
  let dataDir: string;
  let id: string;
  let secret: string;
  const env = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-installations-'));
    process.env['DATA_DIR'] = dataDir;
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    const registered = await withStore((r) =>
      registerInstallation(r.store, r.encryptionKey, REGISTRATION),
    );
    id = registered.installation.id;
    secret = registered.appSecret;
  }, 60_000);

  afterAll(async () => {
    process.env = env;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists and shows without printing a secret', async () => {
    const list = await cli(['installations', 'list']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({
      installations: [
        {
          id,
          helpdesk: 'zendesk',
          domain: 'lifeco',
          createdAt: expect.any(String) as string,
          lastSyncAt: null,
          tickets: 0,
        },
      ],
    });
    const show = await cli(['installations', 'show', id]);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id, counts: { tickets: 0, events: 0 } });
    for (const run of [list, show]) {
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toContain('zd-token-secret');
    }
    expect((await cli(['installations', 'show', 'nope'])).code).toBe(1);
  });

  it('rotates the secret: prints the new one once, stores only its hash', async () => {
    const run = await cli(['installations', 'rotate-secret', id]);
    expect(run.code).toBe(0);
    const { appSecret, roleClaimKey } = JSON.parse(run.stdout) as {
      appSecret: string;
      roleClaimKey: string;
    };
    expect(run.stderr).toContain('old app secret no longer works');
    expect(run.stderr).toContain('role_claim_key');
    await withStore(async ({ store, encryptionKey }) => {
      expect(await store.findInstallationBySecretHash(hashAppSecret(secret))).toBeNull();
      expect((await store.findInstallationBySecretHash(hashAppSecret(appSecret)))?.id).toBe(id);
      // The key the app's role_claim_key setting needs now: derived from the new secret's hash.
      const appSecretHash = hashAppSecret(appSecret);
      expect(roleClaimKey).toBe(deriveRoleClaimKey(encryptionKey, { id, appSecretHash }));
    });
  });

  it('refuses to delete with no TTY and no --yes (exit 2), or when the typed id differs', async () => {
    const noTty = await cli(['installations', 'delete', id]);
    expect([noTty.code, noTty.stderr]).toEqual([2, expect.stringContaining('--yes') as string]);
    const mistyped = await cli(['installations', 'delete', id], 'not-the-id');
    expect(mistyped.code).toBe(2);
    await withStore(async ({ store }) => {
      expect(await store.getInstallation(id)).not.toBeNull();
    });
  });

  it('deletes once the id is typed at the prompt, and with --yes', async () => {
    const typed = await cli(['installations', 'delete', id], id);
    expect(typed.code).toBe(0);
    expect(JSON.parse(typed.stdout)).toMatchObject({ deleted: id });
    const other = await withStore((r) =>
      registerInstallation(r.store, r.encryptionKey, { ...REGISTRATION, domain: 'otherco' }),
    );
    const yes = await cli(['installations', 'delete', other.installation.id, '--yes']);
    expect(yes.code).toBe(0);
    await withStore(async ({ store }) => {
      expect(await store.listInstallations()).toEqual([]);
    });
  });
});

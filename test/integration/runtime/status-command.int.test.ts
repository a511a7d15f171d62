import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_SETTLED_EXIT, runStatusCommand } from '../../../src/cli/status-command.js';
import { loadConfig, type Config } from '../../../src/config/env.js';
import { SYNC_STREAMS } from '../../../src/services/pipeline/sync-pages.js';
import { openStore, type TicketStore } from '../../../src/store/index.js';
import { DATABASE_URL, newInstallation } from '../store/support.js';
import { testSchema } from '../../support/test-schema.js';

/** `deskpulse status [--wait-settled]` on the real PostgreSQL (own schema). */
describe('deskpulse status', () => {
  const db = testSchema();
  const schema = db.name;
  let config: Config;
  let store: TicketStore;
  let inst: string;

  const run = async (options: { waitSettled?: boolean; timeoutSeconds: number }) => {
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: () => undefined,
      clock: Date.now,
    };
    const code = await runStatusCommand(config, { installation: inst, ...options }, io);
    return { code, status: JSON.parse(out.join('')) as { settled: boolean } };
  };

  beforeAll(async () => {
    await db.create();
    config = loadConfig({
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: 'redis://127.0.0.1:6379',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    inst = (await store.createInstallation(newInstallation())).id;
    await store.planSyncPasses(inst, SYNC_STREAMS, Date.UTC(2024, 0, 1));
    for (const stream of SYNC_STREAMS) await store.finishStreamPass(inst, stream);
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('prints the status and exits 0 when settled', async () => {
    expect(await run({ timeoutSeconds: 1 })).toMatchObject({ code: 0, status: { settled: true } });
  });

  it('--wait-settled exits 3 after the timeout, or 0 once the pending work is done', async () => {
    await store.markPending(inst, 'ticket', ['T1']);
    const late = await run({ waitSettled: true, timeoutSeconds: 1 });
    expect(late).toMatchObject({ code: NOT_SETTLED_EXIT, status: { settled: false } });
    const waiting = run({ waitSettled: true, timeoutSeconds: 30 });
    const claimed = await store.claimPending(inst, 'ticket', 10, 60_000);
    await store.ackPending(inst, 'ticket', claimed);
    expect(await waiting).toMatchObject({ code: 0, status: { settled: true } });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { DATABASE_URL, newInstallation } from './support.js';
import { testSchema } from '../../support/test-schema.js';

describe('openStore', () => {
  const cleanups: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps embedded data in its directory across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-store-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await openStore({ dataDir });
    const created = await first.createInstallation(newInstallation());
    await first.close();
    await first.close();

    const second = await openStore({ dataDir });
    try {
      expect(await second.getInstallation(created.id)).toEqual(created);
    } finally {
      await second.close();
    }
  });

  it('migrates and serves a PostgreSQL schema', async () => {
    const db = testSchema();
    await db.create();
    cleanups.push(() => db.drop());
    const store = await openStore({ databaseUrl: DATABASE_URL, schema: db.name });
    try {
      const created = await store.createInstallation(newInstallation());
      expect((await store.listInstallations()).map((i) => i.id)).toEqual([created.id]);
    } finally {
      await store.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore, VersionedSave } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from './support.js';

/** Saves in order: [subject suffix, content, version]; each step is checked against one-by-one saves. */
const STEPS: [string, string, number][][] = [
  [
    ['a', 'x', 10],
    ['b', 'y', 10],
    ['c', 'z', 10],
  ],
  [
    ['a', 'x', 12], // same content, newer: unchanged
    ['b', 'y2', 9], // older: stale
    ['c', 'z2', 12], // newer, new content: changed
    ['d', 'w', 12], // new subject: changed
  ],
  [
    ['a', 'x3', 12], // same version as stored: stale
    ['c', 'z3', 13],
  ],
];

/** The batch summary writes must do exactly what the one-subject writes do (issue 13's rules). */
describe.each(DATABASES)('batch summaries on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('saves with the same outcomes and stored state as one save per subject', async () => {
    for (const step of STEPS) {
      const single = new Map<string, VersionedSave>();
      for (const [subject, content, version] of step) {
        const save = { summary: { content }, hash: content, version };
        single.set(
          subject,
          await store.saveVersionedSummary(inst, 'requester', `S-${subject}`, save),
        );
      }
      const bulk = await store.saveVersionedSummaries(
        inst,
        'requester',
        step.map(([subject, content, version]) => ({
          subjectId: `B-${subject}`,
          summary: { content },
          hash: content,
          version,
        })),
      );
      expect(new Map([...bulk].map(([id, outcome]) => [id.slice(2), outcome]))).toEqual(single);
      for (const [subject] of step) {
        const one = await store.getSummary(inst, 'requester', `S-${subject}`);
        const many = (await store.getSummaries(inst, 'requester', [`B-${subject}`])).get(
          `B-${subject}`,
        );
        expect(many?.summary).toEqual(one?.summary);
        expect(many?.hash).toBe(one?.hash);
      }
    }
  });

  it('marks unpushed subjects for push-back in the save, and settles them once pushed', async () => {
    const version = (await store.nextSummaryVersion()) + 100;
    const saves = ['P1', 'P2', 'P3'].map((subjectId) => ({
      subjectId,
      summary: { subjectId },
      hash: `h-${subjectId}`,
      version,
    }));
    await store.saveVersionedSummaries(inst, 'requester', saves, { markPush: true });
    const claimed = await store.claimPending(inst, 'push', 10, 60_000);
    expect(claimed.map((c) => c.subjectId).sort()).toEqual(['P1', 'P2', 'P3']);
    await store.ackPending(inst, 'push', claimed);
    // P1 and P2 are in the helpdesk now; P3's push failed.
    await store.markSummariesPushed(inst, 'requester', [
      { subjectId: 'P2', hash: 'h-P2' },
      { subjectId: 'P1', hash: 'h-P1' },
    ]);
    const stored = await store.getSummaries(inst, 'requester', ['P1', 'P2', 'P3', 'nobody']);
    expect([...stored.keys()].sort()).toEqual(['P1', 'P2', 'P3']);
    expect(stored.get('P1')?.pushedHash).toBe('h-P1');
    expect(stored.get('P3')?.pushedHash).toBeNull();
    // Saving the same content again marks only the one not pushed (a crash left it unmarked).
    const again = saves.map((s) => ({ ...s, version: version + 1 }));
    await store.saveVersionedSummaries(inst, 'requester', again, { markPush: true });
    const pending = await store.claimPending(inst, 'push', 10, 60_000);
    expect(pending.map((c) => c.subjectId)).toEqual(['P3']);
    await store.ackPending(inst, 'push', pending);
  });

  it('a pushed version settles a waiting push mark only while it is still the stored one', async () => {
    const version = (await store.nextSummaryVersion()) + 1000;
    const save = (hash: string, v: number) => ({
      subjectId: 'Q1',
      summary: { hash },
      hash,
      version: v,
    });
    await store.saveVersionedSummaries(inst, 'requester', [save('q1', version)], {
      markPush: true,
    });
    // A newer summary arrives before the push of q1 is recorded: its mark must stay.
    await store.saveVersionedSummaries(inst, 'requester', [save('q2', version + 1)], {
      markPush: true,
    });
    await store.markSummariesPushed(inst, 'requester', [{ subjectId: 'Q1', hash: 'q1' }]);
    expect((await store.countPending(inst)).push).toBe(1);
    await store.markSummariesPushed(inst, 'requester', [{ subjectId: 'Q1', hash: 'q2' }]);
    expect((await store.countPending(inst)).push).toBe(0);
  });
});

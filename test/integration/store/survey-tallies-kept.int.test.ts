import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse, TicketStatus } from '../../../src/domain/index.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { UPSERT_METRICS } from '../../../src/store/sql-analytics.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import { toJson } from '../../../src/store/sql-values.js';
import type { RollupDimension, TicketMetricsWrite, TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import { DATABASES, T0, comment, metricsDims, newInstallation, ticket } from './support.js';
import { mulberry32 as random } from '../../support/seeded-random.js';

const DAY = 86_400_000;
const DIMENSIONS: RollupDimension[] = ['all', 'group', 'agent', 'channel', 'brand', 'tag'];
// T0 is 2024-03-01: answers fall over ten weeks, across three month ends, at any minute.
const SPAN = 70 * DAY;

/** What the test wrote for one ticket: its stored answers and the fields that decide counting. */
interface Written {
  status: TicketStatus;
  isMerged: boolean;
  surveys: SurveyResponse[];
  dims: { groupId: string | null; assigneeId: string | null; channel: string | null };
  brandId: string | null;
  tags: string[];
}

const BASE = computeTicketMetrics(
  { ticket: ticket('X', 30, { status: 'solved' }), events: [comment('X-c', 'X', 20)] },
  { now: T0 + DAY, calendars: { defaultCalendar: null, byId: new Map() } },
);

function randomTicket(next: () => number, id: string): Written {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const answers = Math.floor(next() * 4);
  const surveys: SurveyResponse[] = [];
  for (let i = 0; i < answers; i += 1) {
    const at = T0 + Math.floor(next() * SPAN);
    const kind = pick(['ces', 'ces', 'nps'] as const);
    const scale =
      kind === 'nps'
        ? pick([[0, 10]] as const)
        : pick([
            [1, 7],
            [1, 5],
          ] as const);
    surveys.push({
      id: `${id}-${String(i)}-${String(at)}`,
      ticketId: id,
      requesterId: 'customer-1',
      kind,
      surveyId: 's',
      questionId: 'q',
      scaleMin: scale[0],
      scaleMax: scale[1],
      direction: pick(['higher_is_better', 'lower_is_better'] as const),
      // A few values only, so answers share tally rows.
      value: scale[0] + Math.floor(next() * 3),
      respondedAt: at,
    });
  }
  return {
    status: pick(['solved', 'solved', 'open', 'closed', 'deleted'] as const),
    isMerged: next() < 0.1,
    surveys,
    dims: {
      groupId: pick(['g1', 'g2', null]),
      assigneeId: pick(['a1', 'a2', 'a3', null]),
      channel: pick(['email', 'web']),
    },
    brandId: pick(['b1', null]),
    tags: Array.from({ length: Math.floor(next() * 4) }, () => pick(['vip', 'billing', 'eu'])),
  };
}

function writeOf(id: string, w: Written, computedAt: number): TicketMetricsWrite {
  const metrics: TicketMetrics = {
    ...BASE,
    ticketId: id,
    status: w.status,
    isMerged: w.isMerged,
    surveys: w.surveys,
  };
  return {
    metrics,
    dims: metricsDims({ ...w.dims, brandId: w.brandId, tags: w.tags, computedAt }),
    timelineVersion: 0,
  };
}

/** Every answer the written tickets hold, with the slice values it counts under (simple code). */
function counted(written: ReadonlyMap<string, Written>, dimension: RollupDimension) {
  const out: { value: string; answer: SurveyResponse }[] = [];
  for (const w of written.values()) {
    if (w.status === 'deleted' || w.isMerged) continue;
    const values =
      dimension === 'all'
        ? ['']
        : dimension === 'group'
          ? [w.dims.groupId]
          : dimension === 'agent'
            ? [w.dims.assigneeId]
            : dimension === 'channel'
              ? [w.dims.channel]
              : dimension === 'brand'
                ? [w.brandId]
                : [...new Set(w.tags)];
    for (const value of values) {
      if (value === null) continue;
      for (const answer of w.surveys) out.push({ value, answer });
    }
  }
  return out;
}

const keyOf = (value: string, a: SurveyResponse) =>
  [value, a.kind, a.scaleMin, a.scaleMax, a.direction, a.value].join('|');

/** UTC day, ISO week (Monday) and month starts of an instant, as `YYYY-MM-DD`. */
function periodStarts(at: number): [string, string][] {
  const day = Math.floor(at / DAY);
  const date = new Date(day * DAY);
  const weekDay = day - ((date.getUTCDay() + 6) % 7);
  const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
  return [
    ['day', iso(day)],
    ['week', iso(weekDay)],
    ['month', iso(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY)],
  ];
}

describe.each(DATABASES)('survey tallies kept at write time on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  let other: string;
  const written = new Map<string, Written>();
  let computedAt = T0 + DAY;
  const next = random(16);

  /** One statement writing `ids` (new and stored tickets alike), as an analysis batch does. */
  async function writeBatch(installationId: string, ids: readonly string[], client = db.client) {
    computedAt += 1000;
    const items = ids.map((id) => {
      const w = randomTicket(next, id);
      if (installationId === inst) written.set(id, w);
      return writeOf(id, w, computedAt);
    });
    await client.query(UPSERT_METRICS, [installationId, toJson(items)]);
  }

  async function storedTallies(): Promise<Map<string, number>> {
    const { rows } = await db.client.query<{ key: string; count: number }>(
      `SELECT concat_ws('|', dimension, period, to_char(start_day, 'YYYY-MM-DD'), slice_value, kind,
         scale_min, scale_max, direction, value) AS key, count
       FROM survey_tallies WHERE installation_id = $1 AND count <> 0`,
      [inst],
    );
    return new Map(rows.map((r) => [r.key, r.count]));
  }

  function expectedTallies(): Map<string, number> {
    const want = new Map<string, number>();
    for (const dimension of DIMENSIONS) {
      for (const { value, answer } of counted(written, dimension)) {
        for (const [period, start] of periodStarts(answer.respondedAt)) {
          const key = [dimension, period, start, keyOf(value, answer)].join('|');
          want.set(key, (want.get(key) ?? 0) + 1);
        }
      }
    }
    return want;
  }

  /** The board's count over `ranges` against a count of the written answers. */
  async function expectCounts(ranges: { from: number; to: number }[]) {
    for (const dimension of DIMENSIONS) {
      const got = await store.countSurveyAnswers(inst, {
        kinds: ['ces', 'nps'],
        ranges,
        dimension,
      });
      const want = new Map<string, number>();
      ranges.forEach((range, index) => {
        for (const { value, answer } of counted(written, dimension)) {
          if (answer.respondedAt < range.from || answer.respondedAt >= range.to) continue;
          const key = `${String(index)}|${keyOf(value, answer)}`;
          want.set(key, (want.get(key) ?? 0) + 1);
        }
      });
      const gotMap = new Map(
        got.map((r) => [
          `${String(r.index)}|${[r.sliceValue, r.kind, r.scaleMin, r.scaleMax, r.direction, r.value].join('|')}`,
          r.count,
        ]),
      );
      expect(gotMap, dimension).toEqual(want);
    }
  }

  beforeAll(async () => {
    db = await open();
    // Answers stored before migration 27: its backfill must tally them. Migration 33 only adds
    // a column that today's UPSERT_METRICS, used to store them, writes.
    await migrate(
      db.client,
      MIGRATIONS.filter((m) => m.version < 27 || m.version === 33),
    );
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation('a'))).id;
    other = (await store.createInstallation(newInstallation('b'))).id;
    await writeBatch(
      inst,
      Array.from({ length: 12 }, (_, i) => `T${String(i)}`),
    );
    await migrate(db.client);
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('backfills the tallies of the answers already stored', async () => {
    expect(await storedTallies()).toEqual(expectedTallies());
  });

  it('stays equal to a count of the answers through random inserts, updates and deletes', async () => {
    for (let round = 0; round < 12; round += 1) {
      // New tickets and rewrites of stored ones in one statement: the insert and update triggers.
      const ids = Array.from({ length: 6 }, () => `T${String(Math.floor(next() * 30))}`);
      await writeBatch(inst, [...new Set(ids)].sort());
      await writeBatch(other, ['T1', 'T2']);
      if (round % 3 === 2) {
        // A slice moves without a new analysis (a plain UPDATE of the columns).
        const moved = `T${String(Math.floor(next() * 12))}`;
        const w = written.get(moved);
        if (w !== undefined) {
          w.dims.groupId = w.dims.groupId === 'g1' ? 'g2' : 'g1';
          await db.client.query(
            'UPDATE ticket_metrics SET group_id = $3 WHERE installation_id = $1 AND ticket_id = $2',
            [inst, moved, w.dims.groupId],
          );
        }
      }
      expect(await storedTallies()).toEqual(expectedTallies());
    }
  });

  it('stays exact when two connections write batches sharing tally rows at once', async () => {
    const another = db.openAnother?.();
    if (another === undefined) return; // PGlite is one connection: nothing runs concurrently.
    for (let round = 0; round < 8; round += 1) {
      // Disjoint tickets (so the model needs no winner), answers on the same days and values.
      const ids = (base: number) =>
        [
          ...new Set(Array.from({ length: 8 }, () => `T${String(base + Math.floor(next() * 20))}`)),
        ].sort();
      await Promise.all([writeBatch(inst, ids(100)), writeBatch(inst, ids(200), another)]);
    }
    expect(await storedTallies()).toEqual(expectedTallies());
  });

  it('counts ranges exactly: whole UTC days from tallies, partial days from the answers', async () => {
    const ranges = [
      // Whole UTC days: March, then weeks and single days.
      { from: T0 - 9 * 3_600_000, to: T0 + SPAN },
      { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 4, 1) },
      // Local midnights of UTC+05:45 and America/New_York, and a range inside one UTC day.
      { from: Date.UTC(2024, 2, 3, 18, 15), to: Date.UTC(2024, 3, 20, 18, 15) },
      { from: Date.UTC(2024, 2, 11, 4), to: Date.UTC(2024, 3, 9, 4) },
      { from: Date.UTC(2024, 3, 2, 1), to: Date.UTC(2024, 3, 2, 23) },
    ];
    for (let i = 0; i < 6; i += 1) {
      const from = T0 + Math.floor(next() * SPAN);
      ranges.push({ from, to: from + Math.floor(next() * 40 * DAY) });
    }
    // The other installation's answers (T1, T2) would show up here if any leaked.
    await expectCounts(ranges);
  });
});

import { describe, expect, it } from 'vitest';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import { boundedPlans } from '../../support/explaining-client.js';
import { DATABASES, withInstallationStore, type TestDatabase } from './support.js';

// As outbox-plans.int.test.ts: far more rows than a batch touches, in tables never analysed.
const BACKLOG = 3_000;
const BATCH = 50;
/** No plan node may return or discard more rows than a few per row the batch touches. */
const BOUND = 4 * BATCH;
/**
 * Nor may a scan for a day's or a period's packs read more pages than a few index levels and the
 * pages of the rows it wants: an index scan that skips rows inside the index (a condition on a
 * later key column) shows it only in the pages it reads, in no row count.
 */
const PACK_PAGES = 16;
const METRICS = ['created', 'solved', 'full_resolution'];
const DIMENSIONS = ['all', 'group', 'agent', 'channel', 'brand', 'tag'] as const;
const DAY = '2024-06-03';

const subjects = Array.from({ length: BACKLOG }, (_, i) => `u${String(i).padStart(5, '0')}`);
/** Every day of 2024: 366 days. */
const YEAR = Array.from({ length: 366 }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
);

/**
 * The summaries' batch writes and the per-day and per-period pack deletes against a backlog:
 * they change the rows of the batch, day or period and read no others.
 */
describe.each(DATABASES)('summary and pack statements against a backlog on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  withInstallationStore(open, (opened) => {
    ({ db, store, inst } = opened);
  });
  /** Every statement sent since the last check stayed within the bounds (`pages`: per scan). */
  const { store: explaining, expectBounded } = boundedPlans(() => db.client, BOUND);
  const summaries = async () =>
    (
      await db.client.query<{ subject: string; hash: string; pushed: string | null; v: string }>(
        `SELECT requester_id AS subject, content_hash AS hash, pushed_hash AS pushed,
           version::text AS v FROM requester_summaries WHERE installation_id = $1
         ORDER BY requester_id`,
        [inst],
      )
    ).rows;
  const pushMarks = async () =>
    (
      await db.client.query<{ subject: string }>(
        `SELECT subject_id AS subject FROM analysis_outbox WHERE installation_id = $1
           AND kind = 'push' ORDER BY subject_id`,
        [inst],
      )
    ).rows.map((r) => r.subject);

  it('saves and marks pushed a batch of summaries, reading no other subject', async () => {
    await db.client.query(
      `INSERT INTO requester_summaries (installation_id, requester_id, data, content_hash, version)
       SELECT $1, s, '{}', 'h1', 1 FROM unnest($2::text[]) AS s`,
      [inst, subjects],
    );
    await store.markPending(inst, 'push', subjects);
    // Saves at version 2: the first half with new content, the second with the same.
    const saved = subjects.slice(BATCH, 2 * BATCH);
    const saves = saved.map((subjectId, i) => ({
      subjectId,
      summary: { i },
      hash: i < BATCH / 2 ? 'h2' : 'h1',
      version: 2,
    }));
    const outcomes = await explaining().saveVersionedSummaries(inst, 'requester', saves, {
      markPush: true,
    });
    expectBounded();
    expect([...outcomes.values()]).toEqual(
      saves.map((s) => (s.hash === 'h2' ? 'changed' : 'unchanged')),
    );

    const read = await explaining().getSummaries(inst, 'requester', saved);
    expectBounded();
    expect([...read].map(([subject, { hash }]) => ({ subject, hash }))).toEqual(
      saves.map((s) => ({ subject: s.subjectId, hash: s.hash })),
    );

    // A push of the first batch: its first 5 marks are leased by a drain, its last 10 were
    // pushed at a hash that is no longer the content's.
    const leased = await store.claimPending(inst, 'push', 5, 600_000);
    const pushed = subjects.slice(0, BATCH).map((subjectId, i) => ({
      subjectId,
      hash: i < BATCH - 10 ? 'h1' : 'old',
    }));
    await explaining().markSummariesPushed(inst, 'requester', pushed);
    expectBounded();

    const saveOf = new Map(saves.map((s) => [s.subjectId, s]));
    const pushOf = new Map(pushed.map((p) => [p.subjectId, p.hash]));
    expect(await summaries()).toEqual(
      subjects.map((subject) => ({
        subject,
        hash: saveOf.get(subject)?.hash ?? 'h1',
        pushed: pushOf.get(subject) ?? null,
        v: saveOf.has(subject) ? '2' : '1',
      })),
    );
    const held = new Set(leased.map((c) => c.subjectId));
    const settled = new Set(pushed.filter((p) => p.hash === 'h1' && !held.has(p.subjectId)));
    expect(await pushMarks()).toEqual(
      subjects.filter((s) => ![...settled].some((p) => p.subjectId === s)),
    );
  });

  it("replaces one day's rollups and packs, reading no other day's packs", async () => {
    // Stored a day at a time, as rolling up writes them.
    await db.client.query(
      `INSERT INTO kpi_day_packs (installation_id, dimension, metric, day, dimension_values, n,
         n_business, sum, sum_business, calendar, business)
       SELECT $1, d, m, day::date, '{x}', '{1}', '{1}', '{1}', '{1}', '[[]]', '[[]]'
       FROM unnest($2::text[]) AS d, unnest($3::text[]) AS m, unnest($4::text[]) AS day
       ORDER BY day`,
      [inst, [...DIMENSIONS], METRICS, YEAR],
    );
    const rollups: KpiRollup[] = ['a', 'b'].map((value, i) => ({
      day: DAY,
      dimension: 'agent',
      dimensionValue: value,
      metric: 'created',
      n: i + 2,
      nBusiness: i + 1,
      sum: 0,
      sumBusiness: 0,
      sketch: { calendar: [], business: [] },
    }));
    await explaining().replaceDailyRollups(inst, DAY, rollups);
    expectBounded(PACK_PAGES);
    const { rows } = await db.client.query<{ day: string; dimension: string; n: number[] }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, dimension, n FROM kpi_day_packs
       WHERE installation_id = $1 ORDER BY day, dimension`,
      [inst],
    );
    const others = YEAR.filter((d) => d !== DAY).flatMap((day) =>
      [...DIMENSIONS]
        .sort()
        .flatMap((dimension) => METRICS.map(() => ({ day, dimension, n: [1] }))),
    );
    const expected = [...others, { day: DAY, dimension: 'agent', n: [2, 3] }];
    expect(rows).toEqual(expected.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)));
  });

  it("rebuilds one week's packs, reading no other period's packs", async () => {
    const weeks = YEAR.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1);
    const months = YEAR.filter((d) => d.endsWith('-01'));
    const periods = [...weeks.map((d) => ['week', d]), ...months.map((d) => ['month', d])];
    const metrics = [...METRICS, 'backlog', 'reopened', 'first_reply'];
    await db.client.query(
      `INSERT INTO kpi_period_packs (installation_id, dimension, metric, period, start_day,
         dimension_values, n, n_business, sum, sum_business, calendar, calendar_lengths, business,
         business_lengths)
       SELECT $1, d, m, p.period, p.start_day::date, '{x}', '{1}', '{1}', '{1}', '{1}', '\\x',
         '{0}', '\\x', '{0}'
       FROM unnest($2::text[]) AS d, unnest($3::text[]) AS m,
         unnest($4::text[], $5::text[]) AS p(period, start_day)
       ORDER BY p.period, p.start_day`,
      [
        inst,
        [...DIMENSIONS],
        metrics,
        periods.map((p) => p[0] ?? ''),
        periods.map((p) => p[1] ?? ''),
      ],
    );
    expect(weeks).toContain(DAY);
    const total = DIMENSIONS.length * metrics.length * periods.length;
    expect(total).toBeGreaterThanOrEqual(2_000);
    await explaining().replacePeriodRollups(inst, { period: 'week', startDay: DAY, mark: '0' }, []);
    expectBounded(PACK_PAGES);
    const { rows } = await db.client.query<{ period: string; start: string; n: number }>(
      `SELECT period, to_char(start_day, 'YYYY-MM-DD') AS start, count(*)::int AS n
       FROM kpi_period_packs WHERE installation_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [inst],
    );
    const kept = periods.filter(([period, start]) => !(period === 'week' && start === DAY));
    expect(rows).toEqual(
      kept
        .map(([period, start]) => ({ period, start, n: DIMENSIONS.length * metrics.length }))
        .sort((a, b) => `${a.period}${a.start}`.localeCompare(`${b.period}${b.start}`)),
    );
  });
});

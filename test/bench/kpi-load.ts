import type pg from 'pg';
import { insertDayPacksSql } from '../../src/store/day-pack-sql.js';

/** Rollup rows per day: dimension, number of values, sketch points per duration row. */
const DIMENSIONS: [string, number, number][] = [
  ['all', 1, 128],
  ['group', 20, 128],
  ['agent', 200, 14],
  ['channel', 5, 128],
  ['brand', 3, 128],
  ['tag', 50, 110],
];
const DURATIONS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'handle_time',
  'ces',
];
const FLAGS = [
  'created',
  'reopened',
  'one_touch',
  'csat',
  'sla_first_reply_time',
  'sla_next_reply_time',
  'sla_full_resolution_time',
];
const STEPS = ['backlog', 'backlog_actionable'];

/** What {@link loadKpiData} generated. */
export interface KpiData {
  days: number;
  rollupRows: number;
  tickets: number;
  surveyAnswers: number;
}

/**
 * Daily rollups for every dimension and metric over `days` days from `firstDay` (sketches of the
 * rollups' real size, backlog steps), and the per-ticket metrics rows of `perDay` tickets a day
 * with status segments and a CES answer on one ticket in seven, generated inside PostgreSQL. The
 * shapes are the store's; the values are random, since only the reads are timed.
 */
export async function loadKpiData(
  admin: pg.Pool,
  schema: string,
  installationId: string,
  options: { firstDay: string; days: number; perDay: number },
): Promise<KpiData> {
  const { firstDay, days, perDay } = options;
  // One row per dimension and metric: its values, sketch points and the day's n and sum.
  const spec = DIMENSIONS.flatMap(([dimension, values, points]) =>
    [...DURATIONS, ...FLAGS, ...STEPS].map((metric) => ({
      dimension,
      values,
      points: DURATIONS.includes(metric) ? points : 0,
      metric,
      n: Math.max(1, Math.round((perDay / (dimension === 'all' ? 1 : values)) * 0.9)),
      kind: STEPS.includes(metric) ? 'step' : FLAGS.includes(metric) ? 'flag' : 'duration',
    })),
  );
  const column = <K extends keyof (typeof spec)[number]>(key: K) => spec.map((s) => s[key]);
  // A day at a time, its rows in random order, as production lays them out: the rollup job
  // replaces a day's rows in one statement, in the order its tickets first touch each slice
  // value and metric (dimensions interleaved). Writing each metric's rows for the whole year at
  // once instead put about 3 of a day's rows per heap block and made every edge-day read scatter.
  for (let d = 0; d < days; d += 1) {
    await admin.query(
      `INSERT INTO ${schema}.kpi_daily_rollups (installation_id, day, dimension, dimension_value,
         metric, n, n_business, sum, sum_business, sketch)
       SELECT $1::uuid, $2::date + $3::int, s.dimension,
         CASE WHEN s.dimension = 'all' THEN '' ELSE s.dimension || v END, s.metric, s.n, s.n,
         CASE s.kind WHEN 'step' THEN (random() * 6 - 3)::int
           WHEN 'flag' THEN s.n * random() ELSE s.n * 40000 * random() END, 0,
         jsonb_build_object(
           'calendar', (SELECT COALESCE(jsonb_agg(x ORDER BY x), '[]') FROM
             (SELECT round((random() * 200000)::numeric, 1) AS x
              FROM generate_series(1, s.points) WHERE v >= 0) p),
           'business', (SELECT COALESCE(jsonb_agg(x ORDER BY x), '[]') FROM
             (SELECT round((random() * 50000)::numeric, 1) AS x
              FROM generate_series(1, s.points) WHERE v >= 0) p))
       FROM unnest($4::text[], $5::int[], $6::int[], $7::text[], $8::int[], $9::text[])
         AS s(dimension, nvalues, points, metric, n, kind),
         generate_series(1, s.nvalues) AS v
       ORDER BY random()`,
      [
        installationId,
        firstDay,
        d,
        column('dimension'),
        column('values'),
        column('points'),
        column('metric'),
        column('n'),
        column('kind'),
      ],
    );
    // The day's packs (migration 021), written right after the day as `replaceDailyRollups` does.
    await admin.query(
      insertDayPacksSql(`d.installation_id = $1 AND d.day = $2::date + $3::int`, schema),
      [installationId, firstDay, d],
    );
  }
  const tickets = perDay * days;
  await admin.query(
    `INSERT INTO ${schema}.ticket_metrics (installation_id, ticket_id, computed_at, engine_version,
       status, created_at, first_solved_at, last_solved_at, first_reply_seconds,
       first_reply_seconds_business, full_resolution_seconds, full_resolution_seconds_business,
       reopens, agent_replies, touch, handle_time_seconds, csat, ces, effort_score, requester_id,
       organization_id, group_id, assignee_id, channel, brand_id, tags, data)
     SELECT $1::uuid, 't' || i, now(), 2, 'solved', created, solved, solved, 600, 300, 86400, 20000,
       0, 2, 'two_touch', NULL, NULL, NULL, NULL, 'r' || (i % 200000), NULL,
       'group' || (i % 20 + 1), 'agent' || (i % 200 + 1), 'channel' || (i % 5 + 1),
       'brand' || (i % 3 + 1), ARRAY['tag' || (i % 50 + 1), 'tag' || ((i * 7) % 50 + 1)],
       jsonb_build_object('metrics', jsonb_build_object('ticketId', 't' || i, 'isMerged', false,
         'surveys', CASE WHEN i % 7 = 0 THEN jsonb_build_array(jsonb_build_object('id', 'ces' || i,
           'ticketId', 't' || i, 'requesterId', NULL, 'kind', 'ces', 'surveyId', 's',
           'questionId', 'q', 'scaleMin', 1, 'scaleMax', 7, 'direction', 'higher_is_better',
           'value', 1 + i % 7, 'respondedAt', floor(extract(epoch FROM solved) * 1000) + 3600000))
           ELSE '[]'::jsonb END,
         'explanation', jsonb_build_object('statusSegments', jsonb_build_array(
           jsonb_build_object('status', 'open', 'from', floor(extract(epoch FROM created) * 1000),
             'to', floor(extract(epoch FROM solved) * 1000)),
           jsonb_build_object('status', 'solved', 'from', floor(extract(epoch FROM solved) * 1000),
             'to', floor(extract(epoch FROM solved) * 1000) + 1))),
         'filler', repeat(md5(i::text), 20)), 'dims', '{}'::jsonb)
     FROM generate_series(1, $2::int) AS i,
       LATERAL (SELECT $3::timestamptz + (i::float8 / $4::int) * interval '1 day' AS solved) AS s,
       LATERAL (SELECT s.solved - (random() * 3 + 0.01) * interval '1 day' AS created) AS c`,
    [installationId, tickets, `${firstDay}T00:00:00Z`, perDay],
  );
  // VACUUM as well as ANALYZE: an account's tables are vacuumed in steady state (visibility map
  // set), and autovacuum starting on freshly loaded tables mid-measurement made the first timed
  // case's p95 swing between runs.
  for (const table of [
    'ticket_metrics',
    'kpi_daily_rollups',
    'ticket_survey_answers',
    'survey_tallies',
  ]) {
    await admin.query(`VACUUM ANALYZE ${schema}.${table}`);
  }
  // The answers and their tallies come from the metrics rows through migration 027's triggers.
  const counts = await admin.query<{ rollups: string; answers: string }>(
    `SELECT (SELECT count(*) FROM ${schema}.kpi_daily_rollups WHERE installation_id = $1) AS rollups,
       (SELECT count(*) FROM ${schema}.ticket_survey_answers WHERE installation_id = $1) AS answers`,
    [installationId],
  );
  return {
    days,
    rollupRows: Number(counts.rows[0]?.rollups ?? 0),
    tickets,
    surveyAnswers: Number(counts.rows[0]?.answers ?? 0),
  };
}

import type { SurveyResponse } from '../domain/index.js';
import type { StatusSegment } from '../metrics/types.js';
import type {
  BacklogCandidate,
  BacklogQuery,
  KpiReadOptions,
  SurveyAnswerQuery,
  SurveyAnswerRow,
  SurveyRangeCount,
  SurveyRangesQuery,
  SurveyTally,
  SurveyTallyQuery,
  TicketSliceDims,
} from './kpi-types.js';
import type { SqlClient, SqlParam } from './sql-client.js';
import { coverTallyRange } from './survey-tally-cover.js';
import type { RollupDimension } from './types.js';
import { toTimestamp } from './sql-values.js';

interface DimsRow {
  ticket_id: string;
  status: string;
  group_id: string | null;
  assignee_id: string | null;
  channel: string | null;
  brand_id: string | null;
  tags: string[];
}

// Column names come from this closed map, never from input; `$S` is the slice value parameter.
const SLICE_FILTERS: Record<RollupDimension, string> = {
  all: 'TRUE',
  group: 'm.group_id = $S',
  agent: 'm.assignee_id = $S',
  channel: 'm.channel = $S',
  brand: 'm.brand_id = $S',
  tag: '$S = ANY(m.tags)',
};

const DIM_COLUMNS =
  'm.ticket_id, m.status, m.group_id, m.assignee_id, m.channel, m.brand_id, m.tags';

// The slice value an answer is counted under, per dimension; a closed map, never input. `tag`
// counts a ticket once per distinct tag, as the rollups do.
const TALLY_VALUES: Record<RollupDimension, { value: string; from: string }> = {
  all: { value: "''", from: '' },
  group: { value: 'm.group_id', from: '' },
  agent: { value: 'm.assignee_id', from: '' },
  channel: { value: 'm.channel', from: '' },
  brand: { value: 'm.brand_id', from: '' },
  tag: { value: 't.tag', from: ', LATERAL (SELECT DISTINCT unnest(m.tags) AS tag) AS t' },
};

/**
 * Reads behind the KPI board that daily rollups do not cover: survey answers by answer time (CES
 * per scale, NPS) and the status segments backlog needs. Both read what the stored per-ticket
 * metrics hold (answers through `ticket_survey_answers`, which a trigger derives from them), so
 * they use exactly the engine's values; deleted and merged-away tickets are left out as in the
 * rollups.
 */
export function kpiQueries(client: SqlClient) {
  return {
    async listSurveyAnswers(id: string, query: SurveyAnswerQuery): Promise<SurveyAnswerRow[]> {
      const params: SqlParam[] = [
        id,
        toTimestamp(query.from),
        toTimestamp(query.to),
        [...query.kinds],
      ];
      const where = pageClause(query, params);
      // The limit counts tickets, not answers, so a page never splits one ticket's answers.
      const limit = limitClause(query.limit, params).replace('LIMIT', 'WHERE ticket_rank <=');
      const { rows } = await client.query<DimsRow & { response: SurveyResponse }>(
        `SELECT * FROM (
           SELECT ${DIM_COLUMNS}, m.response,
             dense_rank() OVER (ORDER BY m.ticket_id) AS ticket_rank
           FROM ticket_survey_answers m
           WHERE m.installation_id = $1 AND m.kind = ANY($4::text[])
             AND m.responded_at >= $2 AND m.responded_at < $3 ${where}) AS ranked ${limit}
         ORDER BY ticket_id, (response->>'respondedAt')::double precision, response->>'id'`,
        params,
      );
      return rows.map((row) => ({ dims: dimsOf(row), response: row.response }));
    },

    async tallySurveyAnswers(id: string, query: SurveyTallyQuery): Promise<SurveyTally[]> {
      const params: SqlParam[] = [
        id,
        toTimestamp(query.from),
        toTimestamp(query.to),
        [...query.kinds],
        query.timeZone,
      ];
      const where = pageClause(query, params);
      const slice = TALLY_VALUES[query.dimension];
      const { rows } = await client.query<SurveyTally>(
        `SELECT to_char((m.responded_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS day,
           ${slice.value} AS "sliceValue", m.kind, m.scale_min AS "scaleMin",
           m.scale_max AS "scaleMax", m.direction, m.value, count(*)::integer AS count
         FROM ticket_survey_answers m ${slice.from}
         WHERE m.installation_id = $1 AND m.kind = ANY($4::text[])
           AND m.responded_at >= $2 AND m.responded_at < $3 ${where}
           AND ${slice.value} IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6, 7
         ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        params,
      );
      return rows;
    },

    async countSurveyAnswers(id: string, query: SurveyRangesQuery): Promise<SurveyRangeCount[]> {
      if (query.ranges.length === 0) return [];
      const slice = TALLY_VALUES[query.dimension];
      const covers = query.ranges.map((r, i) => coverTallyRange(i, r.from, r.to));
      const segments = covers.flatMap((c) => c.segments);
      const edges = covers.flatMap((c) => c.edges);
      // Whole UTC days, weeks and months from the tallies kept at write time (migration 027):
      // a few rows per period and answer instead of every answer. Only the partial UTC days at
      // the ranges' ends (local midnights in another zone) count answers, through the
      // answered-at index (migration 018). Each segment is its own key range (LATERAL; OFFSET 0
      // keeps the planner from turning it into a scan of every tally of the dimension and a
      // hash join, 145,000 rows filtered for the agent board). Sorted, so the cells' sums run
      // in one order.
      const { rows } = await client.query<SurveyRangeCount>(
        `WITH seg AS (
           SELECT * FROM unnest($2::int[], $3::text[], $4::date[], $5::date[])
             AS s(idx, period, first_day, last_day)
         ), edge AS (
           SELECT * FROM unnest($6::int[], $7::timestamptz[], $8::timestamptz[])
             AS e(idx, start_at, end_at)
         )
         SELECT c.idx AS "index", c.slice_value AS "sliceValue", c.kind,
           c.scale_min AS "scaleMin", c.scale_max AS "scaleMax", c.direction, c.value,
           sum(c.count)::integer AS count
         FROM (
           SELECT s.idx, t.slice_value, t.kind, t.scale_min, t.scale_max, t.direction, t.value,
             t.count
           FROM seg s CROSS JOIN LATERAL (SELECT * FROM survey_tallies t
             WHERE t.installation_id = $1 AND t.dimension = $9 AND t.kind = ANY($10::text[])
               AND t.period = s.period AND t.start_day BETWEEN s.first_day AND s.last_day
             OFFSET 0) AS t
           UNION ALL
           SELECT e.idx, ${slice.value}, m.kind, m.scale_min, m.scale_max, m.direction, m.value, 1
           FROM edge e JOIN ticket_survey_answers m ON m.installation_id = $1
             AND m.kind = ANY($10::text[]) AND m.responded_at >= e.start_at
             AND m.responded_at < e.end_at ${slice.from}
           WHERE ${slice.value} IS NOT NULL
         ) AS c
         GROUP BY 1, 2, 3, 4, 5, 6, 7
         HAVING sum(c.count) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        [
          id,
          segments.map((s) => String(s.index)),
          segments.map((s) => s.period),
          segments.map((s) => s.first),
          segments.map((s) => s.last),
          edges.map((e) => String(e.index)),
          edges.map((e) => toTimestamp(e.from)),
          edges.map((e) => toTimestamp(e.to)),
          query.dimension,
          [...query.kinds],
        ],
      );
      return rows;
    },

    async listBacklogCandidates(id: string, query: BacklogQuery): Promise<BacklogCandidate[]> {
      const params: SqlParam[] = [id, toTimestamp(query.from), toTimestamp(query.to)];
      // Two indexed halves: unsolved now (partial index of migration 3), or solved with the last
      // solve inside or after the range. A ticket last solved before `from` stayed solved since.
      const { rows } = await client.query<
        DimsRow & { computed_at: Date; segments: StatusSegment[] | null }
      >(
        `SELECT ${DIM_COLUMNS}, m.computed_at,
           m.data->'metrics'->'explanation'->'statusSegments' AS segments
         FROM (
           SELECT * FROM ticket_metrics WHERE installation_id = $1 AND created_at < $3
             AND status IN ('new', 'open', 'pending', 'hold')
           UNION ALL
           SELECT * FROM ticket_metrics WHERE installation_id = $1 AND created_at < $3
             AND last_solved_at >= $2 AND status IN ('solved', 'closed')
         ) AS m
         WHERE COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false
           ${pageClause(query, params)}
         ORDER BY m.ticket_id ${limitClause(query.limit, params)}`,
        params,
      );
      return rows.map((row) => ({
        dims: dimsOf(row),
        computedAt: row.computed_at.getTime(),
        segments: row.segments ?? [],
      }));
    },
  };
}

/** The slice filter and keyset conditions, binding their values. */
function pageClause(options: KpiReadOptions, params: SqlParam[]): string {
  const parts: string[] = [];
  const slice = options.slice;
  if (slice !== undefined && slice.dimension !== 'all') {
    params.push(slice.value);
    parts.push(`AND ${SLICE_FILTERS[slice.dimension].replace('$S', `$${String(params.length)}`)}`);
  }
  if (options.afterTicketId !== undefined) {
    params.push(options.afterTicketId);
    parts.push(`AND m.ticket_id > $${String(params.length)}`);
  }
  return parts.join(' ');
}

/** `LIMIT $n` binding `limit`, or nothing. */
function limitClause(limit: number | undefined, params: SqlParam[]): string {
  if (limit === undefined) return '';
  params.push(limit);
  return `LIMIT $${String(params.length)}`;
}

function dimsOf(row: DimsRow): TicketSliceDims {
  return {
    ticketId: row.ticket_id,
    status: row.status,
    groupId: row.group_id,
    assigneeId: row.assignee_id,
    channel: row.channel,
    brandId: row.brand_id,
    tags: row.tags,
  };
}

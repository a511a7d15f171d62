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
import { boardRead } from './sql-board-read.js';
import type { SqlClient, SqlParam } from './sql-client.js';
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
      // Counted per range, not per day: the board needs totals, and a row per day, slice value
      // and answer was what PostgreSQL sorted (spilling to disk) and Node then summed again.
      // Every column read is in the answered-at index (migration 018), so this scans the index
      // only, not the wide answer rows (their response documents).
      const { rows } = await boardRead(client, (tx) =>
        tx.query<SurveyRangeCount>(
          `SELECT r.idx AS "index", ${slice.value} AS "sliceValue", m.kind, m.scale_min AS "scaleMin",
           m.scale_max AS "scaleMax", m.direction, m.value, count(*)::integer AS count
         FROM ticket_survey_answers m
         JOIN unnest($2::int[], $3::timestamptz[], $4::timestamptz[]) AS r(idx, start_at, end_at)
           ON m.responded_at >= r.start_at AND m.responded_at < r.end_at ${slice.from}
         WHERE m.installation_id = $1 AND m.kind = ANY($5::text[])
           AND m.responded_at >= $6 AND m.responded_at < $7 AND ${slice.value} IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6, 7`,
          [
            id,
            query.ranges.map((_, i) => String(i)),
            query.ranges.map((r) => toTimestamp(r.from)),
            query.ranges.map((r) => toTimestamp(r.to)),
            [...query.kinds],
            // The span of all ranges, so PostgreSQL scans the answered-at index, not every answer.
            toTimestamp(Math.min(...query.ranges.map((r) => r.from))),
            toTimestamp(Math.max(...query.ranges.map((r) => r.to))),
          ],
        ),
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

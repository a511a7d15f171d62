import type { SurveyResponse } from '../domain/index.js';
import type { StatusSegment } from '../metrics/types.js';
import type {
  BacklogCandidate,
  BacklogQuery,
  KpiReadOptions,
  SurveyAnswerQuery,
  SurveyAnswerRow,
  TicketSliceDims,
} from './kpi-types.js';
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

// A survey_answer event's `at` is normally its respondedAt; a day's slack on each side finds
// answers whose audit came a little later without ever widening what is counted (the final
// filter is on respondedAt itself).
const CANDIDATE_SLACK_MS = 86_400_000;

const DIM_COLUMNS =
  'm.ticket_id, m.status, m.group_id, m.assignee_id, m.channel, m.brand_id, m.tags';

/**
 * Reads behind the KPI board that daily rollups do not cover: survey answers by answer time (CES
 * per scale, NPS) and the status segments backlog needs. Both read the stored per-ticket metrics,
 * so they use exactly the engine's values; deleted and merged-away tickets are left out as in
 * the rollups.
 */
export function kpiQueries(client: SqlClient) {
  return {
    async listSurveyAnswers(id: string, query: SurveyAnswerQuery): Promise<SurveyAnswerRow[]> {
      const params: SqlParam[] = [
        id,
        toTimestamp(query.from - CANDIDATE_SLACK_MS),
        toTimestamp(query.to + CANDIDATE_SLACK_MS),
        query.from,
        query.to,
        [...query.kinds],
      ];
      const where = pageClause(query, params);
      // The limit counts tickets, not answers, so a page never splits one ticket's answers.
      const limit = limitClause(query.limit, params).replace('LIMIT', 'WHERE ticket_rank <=');
      const { rows } = await client.query<DimsRow & { response: SurveyResponse }>(
        `WITH candidates AS (
           SELECT ticket_id FROM ticket_events
           WHERE installation_id = $1 AND type = 'survey_answer' AND at >= $2 AND at < $3
           UNION
           SELECT ticket_id FROM survey_answers
           WHERE installation_id = $1 AND responded_at >= $2 AND responded_at < $3)
         SELECT * FROM (
         SELECT ${DIM_COLUMNS}, s AS response,
           dense_rank() OVER (ORDER BY m.ticket_id) AS ticket_rank
         FROM candidates c
           JOIN ticket_metrics m ON m.installation_id = $1 AND m.ticket_id = c.ticket_id
           CROSS JOIN LATERAL jsonb_array_elements(m.data->'metrics'->'surveys') AS s
         WHERE m.status <> 'deleted'
           AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false
           AND (s->>'respondedAt')::double precision >= $4
           AND (s->>'respondedAt')::double precision < $5
           AND s->>'kind' = ANY($6::text[])
           ${where}) AS ranked ${limit}
         ORDER BY ticket_id, (response->>'respondedAt')::double precision, response->>'id'`,
        params,
      );
      return rows.map((row) => ({ dims: dimsOf(row), response: row.response }));
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

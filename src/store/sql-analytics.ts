import type { HelpdeskTicketMetrics, Id, Ticket } from '../domain/index.js';
import { latestRollupInstant } from '../metrics/rollup-instants.js';
import type { TicketMetrics } from '../metrics/types.js';
import type { SqlClient, SqlParam } from './sql-client.js';
import type {
  RequesterTicket,
  RollupDimension,
  StoredTicketMetrics,
  TicketMetricsQuery,
  TicketMetricsWrite,
} from './store.js';
import { toJson, toTimestamp } from './sql-values.js';

// Each item's TicketMetrics and dims travel as one jsonb element (with its rollupUntil: see
// metricsWritesJson); the key columns are projected from it, so a batch of any size is one round
// trip. The clock cannot order two analyses (each stamps its `now` after its read, so the one
// that read first may stamp last): the version of the timeline they read does, and `computed_at`
// only breaks its ties (migration 025).
export const UPSERT_METRICS = `
INSERT INTO ticket_metrics (installation_id, ticket_id, timeline_version, computed_at,
  engine_version, status,
  created_at, first_solved_at, last_solved_at, first_reply_seconds, first_reply_seconds_business,
  full_resolution_seconds, full_resolution_seconds_business, reopens, agent_replies, touch,
  handle_time_seconds, csat, ces, effort_score, requester_id, organization_id, group_id,
  assignee_id, channel, brand_id, tags, rollup_until, data)
SELECT $1::uuid, m->>'ticketId', (j->>'timelineVersion')::integer, to_timestamp((x->>'computedAt')::double precision / 1000),
  (x->>'engineVersion')::integer, m->>'status',
  to_timestamp((m->>'createdAt')::double precision / 1000),
  to_timestamp((m->>'firstSolvedAt')::double precision / 1000),
  to_timestamp((m->>'lastSolvedAt')::double precision / 1000),
  (m#>>'{firstReply,calendar}')::double precision, (m#>>'{firstReply,business}')::double precision,
  (m#>>'{fullResolution,calendar}')::double precision,
  (m#>>'{fullResolution,business}')::double precision,
  jsonb_array_length(m->'reopens'), (m->>'agentReplies')::integer, m->>'touch',
  (m->>'handleTimeSeconds')::double precision, m->>'satisfaction', (x->>'ces')::double precision,
  (x->>'effortScore')::double precision, x->>'requesterId', x->>'organizationId', x->>'groupId',
  x->>'assigneeId', x->>'channel', x->>'brandId', ARRAY(SELECT jsonb_array_elements_text(x->'tags')),
  to_timestamp((j->>'rollupUntil')::double precision / 1000),
  jsonb_build_object('metrics', m, 'dims', x)
FROM jsonb_array_elements($2::jsonb) AS j, LATERAL (SELECT j->'metrics' AS m, j->'dims' AS x) AS parts
ON CONFLICT (installation_id, ticket_id) DO UPDATE SET
  timeline_version = EXCLUDED.timeline_version, computed_at = EXCLUDED.computed_at,
  engine_version = EXCLUDED.engine_version, status = EXCLUDED.status,
  created_at = EXCLUDED.created_at, first_solved_at = EXCLUDED.first_solved_at,
  last_solved_at = EXCLUDED.last_solved_at, first_reply_seconds = EXCLUDED.first_reply_seconds,
  first_reply_seconds_business = EXCLUDED.first_reply_seconds_business,
  full_resolution_seconds = EXCLUDED.full_resolution_seconds,
  full_resolution_seconds_business = EXCLUDED.full_resolution_seconds_business,
  reopens = EXCLUDED.reopens, agent_replies = EXCLUDED.agent_replies, touch = EXCLUDED.touch,
  handle_time_seconds = EXCLUDED.handle_time_seconds, csat = EXCLUDED.csat, ces = EXCLUDED.ces,
  effort_score = EXCLUDED.effort_score, requester_id = EXCLUDED.requester_id,
  organization_id = EXCLUDED.organization_id, group_id = EXCLUDED.group_id,
  assignee_id = EXCLUDED.assignee_id, channel = EXCLUDED.channel, brand_id = EXCLUDED.brand_id,
  tags = EXCLUDED.tags, rollup_until = EXCLUDED.rollup_until, data = EXCLUDED.data
WHERE (ticket_metrics.timeline_version, ticket_metrics.computed_at)
  <= (EXCLUDED.timeline_version, EXCLUDED.computed_at)
RETURNING ticket_id`;

/**
 * UPSERT_METRICS's $2: the writes, each with the latest instant it may count in a rollup at
 * (migration 033), computed here so no write leaves it out.
 */
export function metricsWritesJson(writes: readonly TicketMetricsWrite[]): string {
  return toJson(
    writes.map((write) => ({
      ...write,
      rollupUntil: latestRollupInstant(write.metrics, write.dims.sla),
    })),
  );
}

// $6 is the slice value; `all` ignores it but still binds it, so the parameter list is fixed.
const SLICE_FILTERS: Record<RollupDimension, string> = {
  all: '$6::text IS NOT DISTINCT FROM $6::text',
  group: 'group_id = $6',
  agent: 'assignee_id = $6',
  channel: 'channel = $6',
  brand: 'brand_id = $6',
  tag: '$6 = ANY(tags)',
};

/** Per-ticket metrics and the reads behind the sidebar and drill-down. */
export function analyticsQueries(client: SqlClient) {
  return {
    async saveTicketMetrics(id: string, write: TicketMetricsWrite) {
      const { rows } = await client.query(UPSERT_METRICS, [id, metricsWritesJson([write])]);
      return rows.length > 0;
    },

    async getTicketMetrics(id: string, ticketId: Id): Promise<StoredTicketMetrics | null> {
      const { rows } = await client.query<{ data: StoredTicketMetrics }>(
        'SELECT data FROM ticket_metrics WHERE installation_id = $1 AND ticket_id = $2',
        [id, ticketId],
      );
      return rows[0]?.data ?? null;
    },

    async queryTicketMetrics(id: string, query: TicketMetricsQuery) {
      // Column names come from closed unions, never from input.
      const window =
        query.field === 'status_changed_at'
          ? `ticket_id IN (SELECT ticket_id FROM ticket_events WHERE installation_id = $1
               AND type = 'status_change' AND at >= $2 AND at < $3)`
          : `${query.field} >= $2 AND ${query.field} < $3`;
      const slice = query.slice ?? { dimension: 'all', value: '' };
      const params: SqlParam[] = [
        id,
        toTimestamp(query.from),
        toTimestamp(query.to),
        query.afterTicketId ?? '',
        query.limit,
        slice.value,
      ];
      // In SQL, so the documents it leaves out are neither detoasted, sent nor parsed.
      let counts = '';
      if (query.countsFrom !== undefined) {
        params.push(toTimestamp(query.countsFrom));
        counts = 'AND (rollup_until IS NULL OR rollup_until >= $7)';
      }
      const { rows } = await client.query<{ data: StoredTicketMetrics }>(
        `SELECT data FROM ticket_metrics
         WHERE installation_id = $1 AND ${window} AND ticket_id > $4
           AND ${SLICE_FILTERS[slice.dimension]} ${counts}
         ORDER BY ticket_id LIMIT $5`,
        params,
      );
      return rows.map((row) => row.data);
    },

    async getHelpdeskMetrics(id: string, ticketId: Id): Promise<HelpdeskTicketMetrics | null> {
      const { rows } = await client.query<{ data: HelpdeskTicketMetrics }>(
        'SELECT data FROM helpdesk_ticket_metrics WHERE installation_id = $1 AND ticket_id = $2',
        [id, ticketId],
      );
      return rows[0]?.data ?? null;
    },

    async listRequesterTickets(id: string, requesterId: Id, limit: number) {
      const { rows } = await client.query<{ ticket: Ticket; metrics: TicketMetrics | null }>(
        `SELECT t.data AS ticket, m.data->'metrics' AS metrics
         FROM tickets t LEFT JOIN ticket_metrics m
           ON m.installation_id = t.installation_id AND m.ticket_id = t.id
         WHERE t.installation_id = $1 AND t.requester_id = $2
         ORDER BY t.created_at DESC, t.id DESC LIMIT $3`,
        [id, requesterId, limit],
      );
      return rows.map((row): RequesterTicket => ({ ticket: row.ticket, metrics: row.metrics }));
    },
  };
}

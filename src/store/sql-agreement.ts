import type { AgreementComparison } from '../metrics/agreement.js';
import type {
  AgreementClock,
  AgreementMetric,
  AgreementReason,
} from '../metrics/agreement-reasons.js';
import type { SqlClient } from './sql-client.js';
import { fromTimestamp, toJson, toTimestamp } from './sql-values.js';
import type { AgreementWork, AgreementTally, AgreementStore } from './roles/agreement.js';

const LIST_WORK = `
SELECT m.ticket_id AS "ticketId", m.data->'metrics' AS ours, m.computed_at AS "oursComputedAt",
  h.data AS theirs, h.updated_at AS "theirsUpdatedAt"
FROM ticket_metrics m
JOIN helpdesk_ticket_metrics h ON h.installation_id = m.installation_id AND h.ticket_id = m.ticket_id
LEFT JOIN agreement_tickets a ON a.installation_id = m.installation_id AND a.ticket_id = m.ticket_id
WHERE m.installation_id = $1 AND m.ticket_id > $2
  AND (a.ticket_id IS NULL OR a.metrics_computed_at <> m.computed_at
    OR a.helpdesk_updated_at <> h.updated_at OR a.rules_version <> $4)
ORDER BY m.ticket_id LIMIT $3`;

// Deleting the ticket rows cascades to their comparisons, so a replay of a batch changes nothing.
const UPSERT_TICKETS = `
INSERT INTO agreement_tickets (installation_id, ticket_id, ticket_created_at, metrics_computed_at,
  helpdesk_updated_at, rules_version)
SELECT $1::uuid, r->>'ticketId', to_timestamp((r->>'ticketCreatedAt')::double precision / 1000),
  to_timestamp((r->>'oursComputedAt')::double precision / 1000),
  to_timestamp((r->>'theirsUpdatedAt')::double precision / 1000), (r->>'rulesVersion')::integer
FROM jsonb_array_elements($2::jsonb) AS r`;

const INSERT_COMPARISONS = `
INSERT INTO agreement_comparisons (installation_id, ticket_id, metric, clock, ours, theirs, reason,
  evidence_event_ids)
SELECT $1::uuid, c->>'ticketId', c->>'metric', c->>'clock', (c->>'ours')::double precision,
  (c->>'theirs')::double precision, c->>'reason',
  ARRAY(SELECT jsonb_array_elements_text(c->'evidenceEventIds'))
FROM jsonb_array_elements($2::jsonb) AS c`;

const TALLY = `
SELECT c.metric, c.clock, c.reason, count(*)::integer AS count
FROM agreement_comparisons c JOIN agreement_tickets a
  ON a.installation_id = c.installation_id AND a.ticket_id = c.ticket_id
WHERE c.installation_id = $1 AND a.ticket_created_at >= $2 AND a.ticket_created_at < $3
GROUP BY c.metric, c.clock, c.reason`;

const DIFFERENCES = `
SELECT c.ticket_id AS "ticketId", c.metric, c.clock, c.ours, c.theirs,
  c.evidence_event_ids AS "evidenceEventIds"
FROM agreement_comparisons c JOIN agreement_tickets a
  ON a.installation_id = c.installation_id AND a.ticket_id = c.ticket_id
WHERE c.installation_id = $1 AND a.ticket_created_at >= $2 AND a.ticket_created_at < $3
  AND c.reason = $4 AND ($5::text IS NULL OR c.metric = $5) AND ($6::text IS NULL OR c.clock = $6)
  AND c.ticket_id > $7
ORDER BY c.ticket_id, c.metric, c.clock LIMIT $8`;

/** SQL of {@link AgreementStore}. */
export function agreementQueries(client: SqlClient): AgreementStore {
  return {
    async listAgreementWork(id, afterTicketId, limit, rulesVersion) {
      const { rows } = await client.query<
        Omit<AgreementWork, 'oursComputedAt' | 'theirsUpdatedAt'> & {
          oursComputedAt: Date;
          theirsUpdatedAt: Date;
        }
      >(LIST_WORK, [id, afterTicketId, limit, rulesVersion]);
      return rows.map((row) => ({
        ...row,
        oursComputedAt: fromTimestamp(row.oursComputedAt),
        theirsUpdatedAt: fromTimestamp(row.theirsUpdatedAt),
      }));
    },

    async saveAgreement(id, results) {
      if (results.length === 0) return;
      const ids = results.map((r) => r.ticketId);
      const tickets = results.map((r) => ({
        ticketId: r.ticketId,
        ticketCreatedAt: r.ticketCreatedAt,
        oursComputedAt: r.oursComputedAt,
        theirsUpdatedAt: r.theirsUpdatedAt,
        rulesVersion: r.rulesVersion,
      }));
      await client.transaction(async (tx) => {
        await tx.query(
          'DELETE FROM agreement_tickets WHERE installation_id = $1 AND ticket_id = ANY($2::text[])',
          [id, ids],
        );
        await tx.query(UPSERT_TICKETS, [id, toJson(tickets)]);
        const comparisons = results.flatMap((r) => r.comparisons);
        if (comparisons.length > 0) await tx.query(INSERT_COMPARISONS, [id, toJson(comparisons)]);
      });
    },

    async tallyAgreement(id, window) {
      const range = [id, toTimestamp(window.start), toTimestamp(window.end)];
      const { rows } = await client.query<{
        metric: AgreementMetric;
        clock: AgreementClock;
        reason: AgreementReason | null;
        count: number;
      }>(TALLY, range);
      const counted = await client.query<{ tickets: number }>(
        `SELECT count(*)::integer AS tickets FROM agreement_tickets
         WHERE installation_id = $1 AND ticket_created_at >= $2 AND ticket_created_at < $3`,
        range,
      );
      const byKey = new Map<string, AgreementTally>();
      for (const row of rows) {
        const key = `${row.metric}/${row.clock}`;
        const tally = byKey.get(key) ?? {
          metric: row.metric,
          clock: row.clock,
          n: 0,
          within: 0,
          reasons: [],
        };
        tally.n += row.count;
        if (row.reason === null) tally.within += row.count;
        else tally.reasons.push({ reason: row.reason, count: row.count });
        byKey.set(key, tally);
      }
      return { tickets: counted.rows[0]?.tickets ?? 0, tallies: [...byKey.values()] };
    },

    async listAgreementDifferences(id, query) {
      const { rows } = await client.query<Omit<AgreementComparison, 'reason'>>(DIFFERENCES, [
        id,
        toTimestamp(query.start),
        toTimestamp(query.end),
        query.reason,
        query.metric ?? null,
        query.clock ?? null,
        query.afterTicketId,
        query.limit,
      ]);
      return rows;
    },
  };
}

import type { HealthTicket } from '../metrics/health-signals.js';
import type { SqlClient } from './sql-client.js';
import { fromNullableTimestamp, fromTimestamp, toJson, toTimestamp } from './sql-values.js';
import type { HealthStore, OrganizationFacts, StoredHealthScore } from './roles/health.js';

// The account is the organisation, else the requester; escalation is a group hop or an
// urgent priority (health-signals.ts).
const HEALTH_TICKETS = `
SELECT m.ticket_id,
  COALESCE(m.organization_id, 'requester:' || COALESCE(m.requester_id, t.requester_id)) AS account_id,
  m.created_at, m.last_solved_at,
  m.status IN ('solved', 'closed') AS solved,
  m.reopens > 0 AS reopened,
  CASE WHEN m.csat IN ('good', 'bad') THEN m.csat END AS csat,
  m.ces, m.effort_score,
  COALESCE((m.data->'metrics'->'requesterWait'->>'calendar')::float8,
    (m.data->'metrics'->'running'->'requesterWait'->>'calendar')::float8) AS wait_seconds,
  COALESCE((m.data->'metrics'->'behaviour'->>'groupHops')::integer, 0) > 0
    OR t.priority = 'urgent' AS escalated
FROM ticket_metrics m
JOIN tickets t ON t.installation_id = m.installation_id AND t.id = m.ticket_id
WHERE m.installation_id = $1 AND m.status <> 'deleted'
  AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false
  AND m.created_at < $3
  AND (m.created_at >= $2 OR m.last_solved_at IS NULL OR m.last_solved_at >= $2
    OR m.status NOT IN ('solved', 'closed'))
ORDER BY m.created_at, m.ticket_id`;

interface HealthTicketRow {
  ticket_id: string;
  account_id: string;
  created_at: Date;
  last_solved_at: Date | null;
  solved: boolean;
  reopened: boolean;
  csat: 'good' | 'bad' | null;
  ces: number | null;
  effort_score: number | null;
  wait_seconds: number | null;
  escalated: boolean;
}

interface ScoreRow {
  account_id: string;
  day: string;
  score: number;
  status: StoredHealthScore['status'];
  tickets: number;
  data: unknown;
}

/** The SQL behind {@link HealthStore}. */
export function healthQueries(client: SqlClient): HealthStore {
  return {
    async listHealthTickets(id, range) {
      const { rows } = await client.query<HealthTicketRow>(HEALTH_TICKETS, [
        id,
        toTimestamp(range.from),
        toTimestamp(range.to),
      ]);
      return rows.map((row): HealthTicket => ({
        accountId: row.account_id,
        ticketId: row.ticket_id,
        createdAt: fromTimestamp(row.created_at),
        // A reopened ticket keeps its last solve time; it is open again until solved again.
        solvedAt:
          row.solved && row.last_solved_at !== null ? fromTimestamp(row.last_solved_at) : null,
        reopened: row.reopened,
        csat: row.csat,
        ces: row.ces,
        effort: row.effort_score,
        waitSeconds: row.wait_seconds,
        escalated: row.escalated,
      }));
    },

    async replaceHealthScores(id, days, scores) {
      await client.transaction(async (tx) => {
        await tx.query(
          'DELETE FROM health_daily_scores WHERE installation_id = $1 AND day = ANY($2::date[])',
          [id, [...days]],
        );
        if (scores.length === 0) return;
        await tx.query(
          `INSERT INTO health_daily_scores (installation_id, account_id, day, score, status,
             tickets, data)
           SELECT $1::uuid, d->>'accountId', (d->>'day')::date, (d->>'score')::float8,
             d->>'status', (d->>'tickets')::integer, d->'data'
           FROM jsonb_array_elements($2::jsonb) AS d`,
          [id, toJson(scores)],
        );
      });
    },

    async listHealthScores(id, query) {
      const { rows } = await client.query<ScoreRow>(
        `SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, score, status, tickets, data
         FROM health_daily_scores
         WHERE installation_id = $1 AND day BETWEEN $2::date AND $3::date
           AND ($4::text IS NULL OR account_id = $4)
         ORDER BY day, account_id`,
        [id, query.from, query.to, query.accountId ?? null],
      );
      return rows.map((row) => ({
        accountId: row.account_id,
        day: row.day,
        score: row.score,
        status: row.status,
        tickets: row.tickets,
        data: row.data,
      }));
    },

    async latestHealthDay(id) {
      const { rows } = await client.query<{ day: string | null }>(
        `SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM health_daily_scores
         WHERE installation_id = $1`,
        [id],
      );
      return rows[0]?.day ?? null;
    },

    async getHealthSettings(id) {
      const { rows } = await client.query<{ settings: unknown }>(
        'SELECT settings FROM health_settings WHERE installation_id = $1',
        [id],
      );
      return rows[0]?.settings ?? null;
    },

    async saveHealthSettings(id, settings) {
      await client.query(
        `INSERT INTO health_settings (installation_id, settings) VALUES ($1, $2)
         ON CONFLICT (installation_id) DO UPDATE SET settings = $2, updated_at = now()`,
        [id, toJson(settings)],
      );
    },

    async listOrganizationFacts(id) {
      const { rows } = await client.query<{
        id: string;
        data: Record<string, unknown>;
        updated_at: Date;
        first_ticket_at: Date | null;
      }>(
        `SELECT o.id, o.data, o.updated_at, (SELECT min(t.created_at) FROM tickets t
           WHERE t.installation_id = o.installation_id AND t.organization_id = o.id) AS first_ticket_at
         FROM organizations o WHERE o.installation_id = $1 ORDER BY o.id`,
        [id],
      );
      return rows.map((row): OrganizationFacts => ({
        id: row.id,
        name: typeof row.data['name'] === 'string' ? row.data['name'] : row.id,
        tags: Array.isArray(row.data['tags'])
          ? row.data['tags'].filter((t): t is string => typeof t === 'string')
          : [],
        fields:
          typeof row.data['fields'] === 'object' && row.data['fields'] !== null
            ? (row.data['fields'] as Record<string, unknown>)
            : {},
        updatedAt: fromTimestamp(row.updated_at),
        createdAt: typeof row.data['createdAt'] === 'number' ? row.data['createdAt'] : null,
        firstTicketAt: fromNullableTimestamp(row.first_ticket_at),
      }));
    },
  };
}

import type { QuarantinedRecord } from '../connectors/connector.js';
import type { SqlClient } from './sql-client.js';
import type { SyncPage, SyncPageResult } from './store.js';
import { markPending } from './sql-outbox.js';
import { raiseTimelineVersions } from './sql-timeline-versions.js';
import { repeatContactsChanged, storedStamps } from './sql-repeat-contacts.js';
import { COUNT_PASS_PAGE, MARK_PASS_DONE } from './sql-sync-passes.js';
import { jsonInstant, lastByKey, sha256Hex, toJson, toTimestamp } from './sql-values.js';

/*
 * Each kind of record goes in with ONE statement per page: the page travels as a jsonb array and
 * the columns are projected from it in SQL, so a 1000-ticket page is one round trip, not 1000.
 */

// Rows change only for a newer version, or for the same version with different content (a
// second-resolution `updated_at` can hide a real edit); an identical replay touches nothing.
const newerOrDifferent = (table: string): string =>
  `WHERE ${table}.updated_at < EXCLUDED.updated_at
      OR (${table}.updated_at = EXCLUDED.updated_at AND ${table}.data IS DISTINCT FROM EXCLUDED.data)`;

const UPSERT_TICKETS = `
INSERT INTO tickets (installation_id, id, status, requester_id, organization_id, assignee_id,
  group_id, brand_id, channel, priority, tags, custom_fields, created_at, updated_at, data)
SELECT $1::uuid, d->>'id', d->>'status', d->>'requesterId', d->>'organizationId', d->>'assigneeId',
  d->>'groupId', d->>'brandId', d->>'channel', d->>'priority',
  ARRAY(SELECT jsonb_array_elements_text(d->'tags')), d->'customFields',
  ${jsonInstant('createdAt')}, ${jsonInstant('updatedAt')}, d
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, id) DO UPDATE SET status = EXCLUDED.status,
  requester_id = EXCLUDED.requester_id, organization_id = EXCLUDED.organization_id,
  assignee_id = EXCLUDED.assignee_id, group_id = EXCLUDED.group_id, brand_id = EXCLUDED.brand_id,
  channel = EXCLUDED.channel, priority = EXCLUDED.priority, tags = EXCLUDED.tags,
  custom_fields = EXCLUDED.custom_fields, created_at = EXCLUDED.created_at,
  updated_at = EXCLUDED.updated_at, data = EXCLUDED.data, stored_at = now()
${newerOrDifferent('tickets')}
RETURNING id`;

// ORDER BY ordinality makes the identity `seq` follow page order, the tie-break for equal `at`.
const INSERT_EVENTS = `
INSERT INTO ticket_events (installation_id, id, ticket_id, at, type, data)
SELECT $1::uuid, d->>'id', d->>'ticketId', ${jsonInstant('at')}, d->>'type', d
FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(d, ord)
ORDER BY ord
ON CONFLICT (installation_id, id) DO NOTHING
RETURNING ticket_id`;

const UPSERT_USERS = `
INSERT INTO users (installation_id, id, kind, organization_id, updated_at, data)
SELECT $1::uuid, d->>'id', d->>'kind', d->>'organizationId', ${jsonInstant('updatedAt')}, d
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, id) DO UPDATE SET kind = EXCLUDED.kind,
  organization_id = EXCLUDED.organization_id, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data
${newerOrDifferent('users')}`;

const UPSERT_ORGANIZATIONS = `
INSERT INTO organizations (installation_id, id, updated_at, data)
SELECT $1::uuid, d->>'id', ${jsonInstant('updatedAt')}, d
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
  data = EXCLUDED.data
${newerOrDifferent('organizations')}`;

const UPSERT_HELPDESK_METRICS = `
INSERT INTO helpdesk_ticket_metrics (installation_id, ticket_id, updated_at, data)
SELECT $1::uuid, d->>'ticketId', ${jsonInstant('updatedAt')}, d
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, ticket_id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
  data = EXCLUDED.data
${newerOrDifferent('helpdesk_ticket_metrics')}`;

/** Shared with the single-entry insert: idempotent by entry id. */
export const INSERT_HANDLE_TIME = `
INSERT INTO handle_time_entries (installation_id, id, ticket_id, agent_id, seconds, source,
  logged_at, data)
SELECT $1::uuid, d->>'id', d->>'ticketId', d->>'agentId', (d->>'seconds')::double precision,
  d->>'source', ${jsonInstant('loggedAt')}, d
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, id) DO NOTHING
RETURNING ticket_id`;

// A record that fails again reopens its entry and counts the attempt; it never duplicates.
const UPSERT_QUARANTINE = `
INSERT INTO quarantine (installation_id, stream, record_key, source_id, reason, raw)
SELECT $1::uuid, d->>'stream', d->>'recordKey', d->>'sourceId', d->>'reason', d->'raw'
FROM jsonb_array_elements($2::jsonb) AS d
ON CONFLICT (installation_id, stream, record_key) DO UPDATE SET reason = EXCLUDED.reason,
  raw = EXCLUDED.raw, last_seen = now(), attempts = quarantine.attempts + 1, resolved_at = NULL`;

// A record that now arrives cleanly settles its quarantine entry.
const RESOLVE_ARRIVED = `
UPDATE quarantine SET resolved_at = now()
WHERE installation_id = $1 AND stream = $2 AND record_key = ANY($3::text[]) AND resolved_at IS NULL`;

// Whether the stream has anything to settle: usually not, and then a page need not send every
// record id it carries (tens of thousands on an events page) only to match none.
const ANY_UNRESOLVED = `
SELECT 1 FROM quarantine WHERE installation_id = $1 AND stream = $2 AND resolved_at IS NULL
LIMIT 1`;

const SAVE_CHECKPOINT = `
INSERT INTO sync_checkpoints (installation_id, stream, checkpoint, page_count)
VALUES ($1, $2, $3, 1)
ON CONFLICT (installation_id, stream) DO UPDATE SET checkpoint = EXCLUDED.checkpoint,
  updated_at = now(), page_count = sync_checkpoints.page_count + 1, last_error = NULL,
  last_error_at = NULL`;

/** The key a quarantined record is tracked by: its source id, else a hash of its raw content. */
export function quarantineKey(record: QuarantinedRecord): string {
  return record.sourceId ?? `sha256:${sha256Hex(toJson(record.raw))}`;
}

/** Implements `TicketStore.writeSyncPage`; see there. */
export async function writeSyncPage(client: SqlClient, page: SyncPage): Promise<SyncPageResult> {
  const { installationId: id } = page;
  return client.transaction(async (tx) => {
    const changed = new Set<string>();
    const run = async (sql: string, items: readonly unknown[] | undefined): Promise<string[]> => {
      if (items === undefined || items.length === 0) return [];
      const { rows } = await tx.query<Record<string, string>>(sql, [id, toJson(items)]);
      return rows.flatMap((row) => Object.values(row));
    };

    const tickets = newestBy(page.tickets ?? [], (t) => t.id);
    const stamps = await storedStamps(tx, id, tickets);
    for (const ticketId of await run(UPSERT_TICKETS, tickets)) changed.add(ticketId);
    // Before events and entries join `changed`: only a ticket row can move a repeat contact.
    const recounted = await repeatContactsChanged(tx, id, tickets, stamps, changed);
    const events = lastByKey(page.events ?? [], (event) => event.id);
    for (const ticketId of await run(INSERT_EVENTS, events)) changed.add(ticketId);
    const entries = lastByKey(page.handleTimeEntries ?? [], (entry) => entry.id);
    for (const ticketId of await run(INSERT_HANDLE_TIME, entries)) changed.add(ticketId);
    await run(
      UPSERT_USERS,
      newestBy(page.users ?? [], (u) => u.id),
    );
    await run(
      UPSERT_ORGANIZATIONS,
      newestBy(page.organizations ?? [], (o) => o.id),
    );
    await run(
      UPSERT_HELPDESK_METRICS,
      newestBy(page.helpdeskMetrics ?? [], (m) => m.ticketId),
    );

    const arrived = [...tickets, ...events, ...entries, ...(page.users ?? [])].map((r) => r.id);
    arrived.push(...(page.organizations ?? []).map((r) => r.id));
    if (arrived.length > 0 && (await tx.query(ANY_UNRESOLVED, [id, page.stream])).rows.length > 0) {
      await tx.query(RESOLVE_ARRIVED, [id, page.stream, arrived]);
    }
    const quarantined = (page.quarantined ?? []).map((record) => ({
      ...record,
      recordKey: quarantineKey(record),
    }));
    await run(
      UPSERT_QUARANTINE,
      lastByKey(quarantined, (q) => `${q.stream}\u0000${q.recordKey}`),
    );

    const changedTicketIds = [...changed].sort();
    // Tickets whose repeat contacts the page changed are analysed again too (sql-repeat-contacts.ts).
    const reanalysed = [...new Set([...changedTicketIds, ...recounted])].sort();
    // With the change itself: an analysis that read the page's rows read this version too.
    await raiseTimelineVersions(tx, id, reanalysed);
    // In the page's transaction: a crash after the commit still leaves the work recorded.
    await markPending(tx, id, 'ticket', reanalysed);
    // Last, so the checkpoint can only move when everything before it was stored.
    await tx.query(SAVE_CHECKPOINT, [id, page.stream, page.checkpoint]);
    const read = recordsRead(page);
    await tx.query(COUNT_PASS_PAGE, [
      id,
      page.stream,
      read.count,
      read.newest === null ? null : toTimestamp(read.newest),
    ]);
    if (page.endOfStream === true) await tx.query(MARK_PASS_DONE, [id, page.stream]);
    return { changedTicketIds };
  });
}

/**
 * The records a page read (as the sync's progress counts them: helpdesk metrics ride along with
 * their tickets, quarantined records are not stored) and the newest record time among them.
 */
function recordsRead(page: SyncPage): { count: number; newest: number | null } {
  const times = [
    ...(page.tickets ?? []).map((t) => t.updatedAt),
    ...(page.events ?? []).map((e) => e.at),
    ...(page.handleTimeEntries ?? []).map((e) => e.loggedAt),
  ];
  const count =
    (page.tickets?.length ?? 0) +
    (page.events?.length ?? 0) +
    (page.handleTimeEntries?.length ?? 0) +
    (page.users?.length ?? 0) +
    (page.organizations?.length ?? 0);
  return { count, newest: times.length === 0 ? null : times.reduce((a, b) => Math.max(a, b)) };
}

/**
 * One version per key (the newest; the later one on a tie): a single INSERT … ON CONFLICT DO
 * UPDATE may not touch the same row twice. Sorted by key so two workers upserting overlapping
 * pages lock rows in the same order and cannot deadlock each other.
 */
function newestBy<T extends { updatedAt: number }>(items: readonly T[], key: (item: T) => string) {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const seen = byKey.get(key(item));
    if (seen === undefined || item.updatedAt >= seen.updatedAt) byKey.set(key(item), item);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

import type { Id } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { markPending, tupleIdIn } from './sql-outbox.js';
import { SUMMARY_TABLES } from './sql-summaries.js';
import { toJson } from './sql-values.js';
import type { BulkSummaryStore, SubjectSummary } from './roles/bulk-summaries.js';
import type { VersionedSave } from './roles/summary-versions.js';
import type { StoredSummary } from './types.js';

/*
 * The batch forms of sql-summary-versions.ts and markSummaryPushed: the same statements, each
 * over a jsonb array or unnest()ed arrays, so a 200-requester batch is one transaction of four
 * statements instead of 200 transactions of four or five (each commit waits for the WAL flush).
 */

// Inserts new subjects and locks existing rows (the no-op update), in subject order so two
// batches with overlapping subjects lock in the same order and cannot deadlock.
const insertOrLock = (table: string, key: string) => `
INSERT INTO ${table} (installation_id, ${key}, data, content_hash, version)
SELECT $1::uuid, d->>'subjectId', d->'summary', d->>'hash', (d->>'version')::bigint
FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(d, ord)
ORDER BY ord
ON CONFLICT (installation_id, ${key}) DO UPDATE SET version = ${table}.version
RETURNING ${key} AS subject, content_hash, version::text AS version, (xmax = 0) AS inserted`;

// The rows are locked by insertOrLock above, so the tuple ids found are those updated. Each is
// looked up by its key on its own (FOR UPDATE, a no-op here, keeps the LATERAL from being merged
// into a join): joined to the batch as a set, the table (never analysed, autovacuum off) was
// taken for a few rows and hashed whole on every batch, as the outbox was (sql-outbox.ts).
const updateNewer = (table: string, key: string) => `
WITH newer AS MATERIALIZED (
  SELECT t.at, e.d FROM jsonb_array_elements($2::jsonb) AS e(d)
  CROSS JOIN LATERAL (
    SELECT ctid AS at FROM ${table}
    WHERE installation_id = $1 AND ${key} = e.d->>'subjectId'
      AND version < (e.d->>'version')::bigint
    FOR UPDATE) AS t)
UPDATE ${table} t SET version = (n.d->>'version')::bigint,
  data = CASE WHEN (n.d->>'changed')::boolean THEN n.d->'summary' ELSE t.data END,
  content_hash = CASE WHEN (n.d->>'changed')::boolean THEN n.d->>'hash' ELSE t.content_hash END,
  updated_at = CASE WHEN (n.d->>'changed')::boolean THEN now() ELSE t.updated_at END
FROM newer n
WHERE t.ctid = ANY (ARRAY(SELECT at FROM newer)) AND t.ctid = n.at`;

// Reads look each subject up by its key on its own too: given the batch as an array, PostgreSQL
// filtered every summary of the installation through it (3,000 read for 50). LIMIT 1 (a key has
// one row) keeps the lookup a subquery run per subject rather than merged into a join.
const unpushed = (table: string, key: string) => `
SELECT a.subject FROM unnest($2::text[]) AS a(subject)
CROSS JOIN LATERAL (
  SELECT 1 FROM ${table} WHERE installation_id = $1 AND ${key} = a.subject
    AND pushed_hash IS DISTINCT FROM content_hash
  LIMIT 1) AS s`;

const selectMany = (table: string, key: string) => `
SELECT a.subject, s.data, s.content_hash, s.pushed_hash, s.updated_at
FROM unnest($2::text[]) AS a(subject)
CROSS JOIN LATERAL (
  SELECT data, content_hash, pushed_hash, updated_at FROM ${table}
  WHERE installation_id = $1 AND ${key} = a.subject
  LIMIT 1) AS s`;

// Marking pushed locks the subjects' rows one key lookup each, in subject order, then changes
// them by tuple id in a later statement, whose snapshot sees the versions locked (as the join's
// recheck did); see the outbox's acknowledgement (sql-outbox.ts) for why not one join.
const lockSubjects = (table: string, key: string) => `
SELECT t.at::text AS at, a.hash
FROM (SELECT * FROM unnest($2::text[], $3::text[]) AS k(subject, hash) ORDER BY subject) AS a
CROSS JOIN LATERAL (
  SELECT ctid AS at FROM ${table} WHERE installation_id = $1 AND ${key} = a.subject
  FOR UPDATE) AS t`;

const setPushed = (table: string) => `
UPDATE ${table} t SET pushed_hash = a.hash FROM unnest($1::tid[], $2::text[]) AS a(at, hash)
WHERE t.${tupleIdIn('$1')} AND t.ctid = a.at`;

// As markSummaryPushed: a pushed version settles its mark unless a drain holds it or a newer
// summary came meanwhile.
const lockSettled = (table: string, key: string) => `
SELECT o.at::text AS at
FROM (SELECT * FROM unnest($2::text[], $3::text[]) AS k(subject, hash) ORDER BY subject) AS a
CROSS JOIN LATERAL (
  SELECT o.ctid AS at FROM analysis_outbox o
  WHERE o.installation_id = $1 AND o.kind = 'push' AND o.subject_id = a.subject
    AND (o.leased_until IS NULL OR o.leased_until <= now())
    AND EXISTS (SELECT 1 FROM ${table} s WHERE s.installation_id = $1
      AND s.${key} = a.subject AND s.content_hash = a.hash)
  FOR UPDATE OF o) AS o`;

const SETTLE = `DELETE FROM analysis_outbox WHERE ${tupleIdIn('$1')}`;

interface LockedRow {
  subject: Id;
  content_hash: string;
  version: string;
  inserted: boolean;
}

/** The SQL behind {@link BulkSummaryStore}. */
export function bulkSummaryQueries(client: SqlClient): BulkSummaryStore {
  return {
    async saveVersionedSummaries(id, kind, saves, options = {}) {
      const outcomes = new Map<Id, VersionedSave>();
      const bySubject = newestPerSubject(saves);
      if (bySubject.length === 0) return outcomes;
      const { table, key } = SUMMARY_TABLES[kind];
      return client.transaction(async (tx) => {
        const { rows } = await tx.query<LockedRow>(insertOrLock(table, key), [
          id,
          toJson(bySubject),
        ]);
        const locked = new Map(rows.map((row) => [row.subject, row]));
        const updates: (SubjectSummary & { changed: boolean })[] = [];
        for (const save of bySubject) {
          const row = locked.get(save.subjectId);
          if (row === undefined) continue;
          let outcome: VersionedSave = 'changed';
          if (!row.inserted) {
            if (Number(row.version) >= save.version) outcome = 'stale';
            else if (row.content_hash === save.hash) outcome = 'unchanged';
            if (outcome !== 'stale') updates.push({ ...save, changed: outcome === 'changed' });
          }
          outcomes.set(save.subjectId, outcome);
        }
        if (updates.length > 0) await tx.query(updateNewer(table, key), [id, toJson(updates)]);
        if (options.markPush === true) {
          const subjects = bySubject.map((s) => s.subjectId);
          const marked = await tx.query<{ subject: Id }>(unpushed(table, key), [id, subjects]);
          await markPending(
            tx,
            id,
            'push',
            marked.rows.map((r) => r.subject),
          );
        }
        return outcomes;
      });
    },

    async getSummaries(id, kind, subjectIds) {
      const found = new Map<Id, StoredSummary>();
      if (subjectIds.length === 0) return found;
      const { table, key } = SUMMARY_TABLES[kind];
      const { rows } = await client.query<{
        subject: Id;
        data: unknown;
        content_hash: string;
        pushed_hash: string | null;
        updated_at: Date;
      }>(selectMany(table, key), [id, [...subjectIds]]);
      for (const row of rows) {
        found.set(row.subject, {
          summary: row.data,
          hash: row.content_hash,
          pushedHash: row.pushed_hash,
          updatedAt: row.updated_at.getTime(),
        });
      }
      return found;
    },

    async markSummariesPushed(id, kind, pushed) {
      if (pushed.length === 0) return;
      const { table, key } = SUMMARY_TABLES[kind];
      const subjects = pushed.map((p) => p.subjectId);
      const hashes = pushed.map((p) => p.hash);
      await client.transaction(async (tx) => {
        const found = await tx.query<{ at: string; hash: string }>(lockSubjects(table, key), [
          id,
          subjects,
          hashes,
        ]);
        const at = found.rows.map((r) => r.at);
        await tx.query(setPushed(table), [at, found.rows.map((r) => r.hash)]);
        const settled = await tx.query<{ at: string }>(lockSettled(table, key), [
          id,
          subjects,
          hashes,
        ]);
        await tx.query(SETTLE, [settled.rows.map((r) => r.at)]);
      });
    },
  };
}

/**
 * One save per subject (the highest version; the later one on a tie), sorted by subject id: one
 * INSERT … ON CONFLICT may not touch a row twice, and a fixed order keeps row locks deadlock-free.
 */
function newestPerSubject(saves: readonly SubjectSummary[]): SubjectSummary[] {
  const bySubject = new Map<Id, SubjectSummary>();
  for (const save of saves) {
    const seen = bySubject.get(save.subjectId);
    if (seen === undefined || save.version >= seen.version) bySubject.set(save.subjectId, save);
  }
  return [...bySubject.values()].sort((a, b) => compareIds(a.subjectId, b.subjectId));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

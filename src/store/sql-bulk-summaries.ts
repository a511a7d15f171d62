import type { Id } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { markPending } from './sql-outbox.js';
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

const updateNewer = (table: string, key: string) => `
UPDATE ${table} t SET version = (d->>'version')::bigint,
  data = CASE WHEN (d->>'changed')::boolean THEN d->'summary' ELSE t.data END,
  content_hash = CASE WHEN (d->>'changed')::boolean THEN d->>'hash' ELSE t.content_hash END,
  updated_at = CASE WHEN (d->>'changed')::boolean THEN now() ELSE t.updated_at END
FROM jsonb_array_elements($2::jsonb) AS d
WHERE t.installation_id = $1 AND t.${key} = d->>'subjectId'
  AND t.version < (d->>'version')::bigint`;

const unpushed = (table: string, key: string) => `
SELECT ${key} AS subject FROM ${table}
WHERE installation_id = $1 AND ${key} = ANY($2::text[]) AND pushed_hash IS DISTINCT FROM content_hash`;

const selectMany = (table: string, key: string) => `
SELECT ${key} AS subject, data, content_hash, pushed_hash, updated_at FROM ${table}
WHERE installation_id = $1 AND ${key} = ANY($2::text[])`;

const setPushed = (table: string, key: string) => `
UPDATE ${table} t SET pushed_hash = a.hash
FROM unnest($2::text[], $3::text[]) AS a(subject, hash)
WHERE t.installation_id = $1 AND t.${key} = a.subject`;

// As markSummaryPushed: a pushed version settles its mark unless a drain holds it or a newer
// summary came meanwhile.
const settlePushMarks = (table: string, key: string) => `
DELETE FROM analysis_outbox o USING unnest($2::text[], $3::text[]) AS a(subject, hash)
WHERE o.installation_id = $1 AND o.kind = 'push' AND o.subject_id = a.subject
  AND (o.leased_until IS NULL OR o.leased_until <= now())
  AND EXISTS (SELECT 1 FROM ${table} s WHERE s.installation_id = $1
    AND s.${key} = a.subject AND s.content_hash = a.hash)`;

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
      const sorted = [...pushed].sort((a, b) => compareIds(a.subjectId, b.subjectId));
      const subjects = sorted.map((p) => p.subjectId);
      const hashes = sorted.map((p) => p.hash);
      await client.transaction(async (tx) => {
        await tx.query(setPushed(table, key), [id, subjects, hashes]);
        await tx.query(settlePushMarks(table, key), [id, subjects, hashes]);
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

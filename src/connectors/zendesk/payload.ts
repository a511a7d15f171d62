import { z } from 'zod';
import type { Checkpoint, QuarantinedRecord, StreamName } from '../connector.js';
import { ConnectorError } from '../errors.js';
import { ValidationError } from '../../errors.js';
import { ZendeskIdSchema } from './schemas.js';
import { describeIssues } from '../../zod-issues.js';

/**
 * Validates a response envelope (the page around the records). A bad envelope means the API
 * changed under us, so unlike a bad record it fails the call; issue paths only, never the body.
 */
export function parseEnvelope<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ConnectorError('SCHEMA_MISMATCH', `${what}: unexpected response (${issues(result)})`);
}

/** Zod issues as `path: message; …`, for quarantine reasons and error messages. */
export function issues(result: { error: z.ZodError }): string {
  return describeIssues(result.error.issues, '(record)').join('; ');
}

/** The record's `id` before validation, for quarantine reports. */
export function rawId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>)['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Validates one record; a failure becomes a QuarantinedRecord (pushed to `into`) and null, so
 * the rest of the page still arrives.
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  stream: StreamName,
  into: QuarantinedRecord[],
): z.output<S> | null {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  into.push({ stream, sourceId: rawId(raw), reason: issues(result), raw });
  return null;
}

/** What a checkpoint holds: a cursor for cursor exports, a start time (unix s) otherwise. */
export const CheckpointStateSchema = z.object({
  cursor: z.string().min(1).optional(),
  startTime: z.number().int().nonnegative().optional(),
});
export type CheckpointState = z.infer<typeof CheckpointStateSchema>;

/** Encodes a checkpoint; JSON keeps it readable in the store and extensible. */
export function encodeCheckpoint(state: CheckpointState): Checkpoint {
  return JSON.stringify(state);
}

/** Decodes a checkpoint of this connector; anything else is a caller bug. */
export function decodeCheckpoint(checkpoint: Checkpoint): CheckpointState {
  let value: unknown;
  try {
    value = JSON.parse(checkpoint);
  } catch {
    value = undefined;
  }
  const result = CheckpointStateSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError('not a Zendesk checkpoint', [`checkpoint: ${checkpoint}`]);
}

/**
 * The `start_time` (unix s) for an incremental export: Zendesk rejects or truncates start times
 * inside the last minute, so the value is kept strictly before now − 60 s.
 */
export function exportStartTime(startMs: number, nowMs: number): number {
  const latest = Math.floor((nowMs - 60_001) / 1000);
  return Math.max(0, Math.min(Math.floor(startMs / 1000), latest));
}

/** A nullable id; Zendesk ids are numbers, and numeric strings past 2^53. */
export const IdOrNull = ZendeskIdSchema.nullish().transform((id) => id ?? null);

import { z } from 'zod';
import type { Page, QuarantinedRecord, StreamName, StreamOptions } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { FreshdeskClient } from './client.js';
import { parseRecord, rawIdOf, type ParseOutcome } from './schemas.js';

/** Freshdesk's largest page size. */
export const PER_PAGE = 100;

/**
 * Resume point of a time-filtered listing: the window start, the page within it, the newest
 * instant seen so far, and the earliest instant a later sync must re-read (running timers).
 */
const WindowCheckpointSchema = z.object({
  since: z.number().int(),
  page: z.number().int().min(1),
  high: z.number().int(),
  hold: z.number().int().nullable(),
});
type WindowCheckpoint = z.infer<typeof WindowCheckpointSchema>;

/** Reads a checkpoint this connector wrote; anything else is a caller bug and fails loudly. */
export function decodeCheckpoint<T>(schema: z.ZodType<T>, checkpoint: string): T {
  let json: unknown;
  try {
    json = JSON.parse(checkpoint);
  } catch {
    json = undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ConnectorError(
      'SCHEMA_MISMATCH',
      'Freshdesk checkpoint is not one this connector wrote',
    );
  }
  return result.data;
}

/** ISO-8601 without milliseconds, the form Freshdesk's `*_since` filters document. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GETs one listing page and insists on Freshdesk's bare-array shape. */
export async function getArray(
  client: FreshdeskClient,
  path: string,
  params: Readonly<Record<string, string | number>>,
  signal: AbortSignal | undefined,
): Promise<unknown[]> {
  const body = await client.get(path, { params, signal });
  if (!Array.isArray(body)) {
    throw new ConnectorError('SCHEMA_MISMATCH', `Freshdesk GET ${path}: expected a JSON array`);
  }
  return body as unknown[];
}

/** One time-filtered listing (time entries, ratings, contacts…) and how to map its records. */
export interface ListingSpec<R, T> {
  stream: StreamName;
  path: string;
  /** Query parameters for the window start; empty when the API cannot filter by time. */
  params: (sinceIso: string) => Record<string, string>;
  schema: z.ZodType<R>;
  /** `null` = deliberately left out for now (e.g. a running timer), not a failure. */
  map: (record: R) => ParseOutcome<T | null>;
  /** The instant that moves the window forward (updated_at, created_at, executed_at). */
  watermark: (record: R) => number;
  /** An instant the next window must start at or before, so the record is read again. */
  holdBack?: (record: R) => number | null;
  /** The API has no time filter: records older than the window are skipped here. */
  filterLocally?: boolean;
  /** Re-read this much before the newest instant seen (back-dated records). */
  lookbackMs?: number;
}

/** Pages a bare-array listing until a short page, quarantining bad records one by one. */
export async function* listingPages<R, T>(
  client: FreshdeskClient,
  spec: ListingSpec<R, T>,
  options: StreamOptions,
): AsyncGenerator<Page<T>> {
  const start: WindowCheckpoint =
    options.checkpoint === null
      ? { since: options.startTime, page: 1, high: options.startTime, hold: null }
      : decodeCheckpoint(WindowCheckpointSchema, options.checkpoint);
  let { page, high, hold } = start;
  for (;;) {
    const raws = await getArray(
      client,
      spec.path,
      { ...spec.params(isoSeconds(start.since)), per_page: PER_PAGE, page },
      options.signal,
    );
    const items: T[] = [];
    const quarantined: QuarantinedRecord[] = [];
    for (const raw of raws) {
      const parsed = parseRecord(spec.schema, raw);
      if (!parsed.ok) {
        quarantined.push({
          stream: spec.stream,
          sourceId: rawIdOf(raw),
          reason: parsed.reason,
          raw,
        });
        continue;
      }
      const at = spec.watermark(parsed.value);
      if (spec.filterLocally === true && at < start.since) continue;
      high = Math.max(high, at);
      const held = spec.holdBack?.(parsed.value) ?? null;
      if (held !== null) hold = Math.min(hold ?? held, held);
      const mapped = spec.map(parsed.value);
      if (!mapped.ok) {
        quarantined.push({
          stream: spec.stream,
          sourceId: rawIdOf(raw),
          reason: mapped.reason,
          raw,
        });
      } else if (mapped.value !== null) {
        items.push(mapped.value);
      }
    }
    if (raws.length < PER_PAGE) {
      const next = Math.max(start.since, Math.min(high - (spec.lookbackMs ?? 0), hold ?? high));
      const checkpoint: WindowCheckpoint = { since: next, page: 1, high: next, hold: null };
      yield { items, quarantined, checkpoint: JSON.stringify(checkpoint), endOfStream: true };
      return;
    }
    page += 1;
    const checkpoint: WindowCheckpoint = { since: start.since, page, high, hold };
    yield { items, quarantined, checkpoint: JSON.stringify(checkpoint), endOfStream: false };
  }
}

/** Two listings read one after the other under one checkpoint (agents, then contacts). */
export async function* sequencePages<T>(
  options: StreamOptions,
  parts: readonly ((options: StreamOptions) => AsyncIterable<Page<T>>)[],
): AsyncGenerator<Page<T>> {
  const SequenceSchema = z.object({
    phase: z.number().int(),
    parts: z.array(z.string().nullable()),
  });
  const state =
    options.checkpoint === null
      ? { phase: 0, parts: parts.map(() => null as string | null) }
      : decodeCheckpoint(SequenceSchema, options.checkpoint);
  for (let phase = state.phase; phase < parts.length; phase++) {
    const run = parts[phase];
    if (run === undefined) break;
    const partOptions: StreamOptions = { ...options, checkpoint: state.parts[phase] ?? null };
    for await (const page of run(partOptions)) {
      state.parts[phase] = page.checkpoint;
      const last = page.endOfStream && phase === parts.length - 1;
      // After the last part, the next sync starts again with the first one.
      state.phase = page.endOfStream ? (last ? 0 : phase + 1) : phase;
      yield { ...page, checkpoint: JSON.stringify(state), endOfStream: last };
    }
  }
}

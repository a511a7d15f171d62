import type { Id, Instant, Priority, SlaMetric } from '../../domain/index.js';

/** Tickets created in `[start, end)`, after the ticket id `after` (keyset paging by id). */
export interface TimelineColumnsWindow {
  start: Instant;
  end: Instant;
  after: Id;
  limit: number;
}

/** One stored SLA instance's deciding times, as the analysis stored them. */
export interface StoredSlaTimes {
  metric: SlaMetric;
  breachAt: Instant | null;
  fulfilledAt: Instant | null;
}

/**
 * A batch of analysed tickets with the events the clocks read, column by column: per ticket a
 * slot in each ticket array, per event a slot in each event array (`eventStart[i]` to
 * `eventStart[i + 1]` are ticket i's, in time order, ties in arrival order). Only the events that
 * move a clock are here: status changes, deletes, comments and schedule changes.
 */
export interface TimelineColumns {
  ticketIds: Id[];
  createdAt: Float64Array;
  priorities: (Priority | null)[];
  requesterIds: Id[];
  submitterIds: (Id | null)[];
  scheduleIds: (Id | null)[];
  groupIds: (Id | null)[];
  assigneeIds: (Id | null)[];
  brandIds: (Id | null)[];
  channels: string[];
  /** Stored business seconds (NaN = none): first reply, first and full resolution, requester and agent wait. */
  storedBusiness: Float64Array;
  storedSla: StoredSlaTimes[][];
  eventStart: Int32Array;
  eventAt: Float64Array;
  /** {@link encodeEventCode}'s packing of type, status and comment flags. */
  eventCode: Uint16Array;
  /** The schedule ids of the batch's schedule changes, in event order. */
  scheduleChanges: (Id | null)[];
}

/** Reads the stored history in the compact columnar form the what-if replay runs on. */
export interface TimelineColumnsStore {
  /** The next batch of analysed tickets, oldest id first; empty when there are no more. */
  readTimelineColumns(
    installationId: string,
    window: TimelineColumnsWindow,
  ): Promise<TimelineColumns>;
}

/**
 * Keeps the compact per-ticket form of the clock events (a timeline pack) the replay reads first.
 * The analysis calls it with the tickets whose metrics it has just stored.
 */
export interface TimelinePackStore {
  /** Packs those tickets' current clock events (tickets not in the store are skipped). */
  saveTimelinePacks(installationId: string, ticketIds: readonly Id[]): Promise<void>;
}

/** What one step of a background rebuild of the replay blocks did. */
export type ReplayBlockStep =
  /** Built the blocks of a hole; the next step looks for holes from `next` on. */
  | { kind: 'built'; next: Id }
  /** No hole with tickets is left: every analysed ticket lies in a block. */
  | { kind: 'end' }
  /** A write that could stale a block is uncommitted (or a replay builds): nothing was built. */
  | { kind: 'busy' };

/**
 * Builds the replay blocks (migration 022) ahead of the replay, a short transaction at a time, so
 * the first replay after a backfill or a re-analysis reads them instead of building them.
 */
export interface ReplayBlockBuildStore {
  /** Builds the blocks of the first hole at or after the id `from` ('' for the first one). */
  buildNextReplayBlocks(installationId: string, from: Id): Promise<ReplayBlockStep>;
}

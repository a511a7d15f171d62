import type { Id } from '../../domain/index.js';
import type { StoredSummary, SummaryKind } from '../types.js';
import type { VersionedSave, VersionedSummary } from './summary-versions.js';

/** One subject's summary in a {@link BulkSummaryStore.saveVersionedSummaries} batch. */
export type SubjectSummary = VersionedSummary & { subjectId: Id };

/**
 * Summaries a batch at a time, for the backfill drains: the same "newer wins" and push-mark rules
 * as {@link SummaryVersionStore.saveVersionedSummary} and the single-subject reads and marks, in
 * one transaction and a fixed number of statements per batch instead of several per subject.
 */
export interface BulkSummaryStore {
  /**
   * Saves each summary unless its stored one has a version at least as high (`stale`). With
   * `markPush`, every subject whose stored summary is not the one last pushed is marked for
   * push-back in the same transaction. Returns each subject's outcome.
   */
  saveVersionedSummaries(
    installationId: string,
    kind: SummaryKind,
    saves: readonly SubjectSummary[],
    options?: { markPush?: boolean },
  ): Promise<Map<Id, VersionedSave>>;
  /** The stored summaries of `subjectIds` (absent ones are left out). */
  getSummaries(
    installationId: string,
    kind: SummaryKind,
    subjectIds: readonly Id[],
  ): Promise<Map<Id, StoredSummary>>;
  /** {@link SummaryStore.markSummaryPushed} for every pushed subject, in one transaction. */
  markSummariesPushed(
    installationId: string,
    kind: SummaryKind,
    pushed: readonly { subjectId: Id; hash: string }[],
  ): Promise<void>;
}

import type { Id } from '../../domain/index.js';
import type { SummaryKind } from '../types.js';

/** A summary to save under "newer wins" (migration 011). */
export interface VersionedSummary {
  summary: unknown;
  /** Of the content; an equal hash changes nothing but the version. */
  hash: string;
  /** From {@link SummaryVersionStore.nextSummaryVersion}, taken before the inputs were read. */
  version: number;
}

/** What {@link SummaryVersionStore.saveVersionedSummary} did. */
export type VersionedSave = 'changed' | 'unchanged' | 'stale';

/** Versioned summaries: a summary computed from older data never replaces a newer one. */
export interface SummaryVersionStore {
  /** A version above every one handed out before (a database sequence, not a clock). */
  nextSummaryVersion(): Promise<number>;
  /**
   * Saves the summary unless the stored one has a version at least as high (`stale`: nothing is
   * written). With `markPush`, the subject is marked for push-back in the same transaction
   * whenever the stored summary is not the one last pushed.
   */
  saveVersionedSummary(
    installationId: string,
    kind: SummaryKind,
    subjectId: Id,
    save: VersionedSummary,
    options?: { markPush?: boolean },
  ): Promise<VersionedSave>;
}

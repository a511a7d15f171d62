import type { Id, Instant, SurveyResponse } from '../domain/index.js';
import type { StatusSegment } from '../metrics/types.js';
import type { RollupDimension } from './types.js';

/** The slicing columns of a ticket's stored metrics (current values, as of the latest analysis). */
export interface TicketSliceDims {
  ticketId: Id;
  status: string;
  groupId: Id | null;
  assigneeId: Id | null;
  channel: string | null;
  brandId: Id | null;
  tags: string[];
}

/** Keyset paging and slice filter shared by the KPI reads. */
export interface KpiReadOptions {
  /** Only tickets in this slice; `all` (or absent) filters nothing. */
  slice?: { dimension: RollupDimension; value: string };
  /** Continue after this ticket id (ascending order). */
  afterTicketId?: Id;
  limit?: number;
}

/** One survey answer as the ticket's stored metrics hold it, with the ticket's slice columns. */
export interface SurveyAnswerRow {
  dims: TicketSliceDims;
  response: SurveyResponse;
}

export interface SurveyAnswerQuery extends KpiReadOptions {
  kinds: readonly SurveyResponse['kind'][];
  /** Answered at or after. */
  from: Instant;
  /** Exclusive. */
  to: Instant;
}

export interface SurveyTallyQuery extends Pick<KpiReadOptions, 'slice'> {
  kinds: readonly SurveyResponse['kind'][];
  /** Answered at or after. */
  from: Instant;
  /** Exclusive. */
  to: Instant;
  /** IANA zone whose local dates the answers are counted under. */
  timeZone: string;
  /** `all` counts every answer under the slice value ''; `tag` counts one per distinct tag. */
  dimension: RollupDimension;
}

/** How many answers share a slice value and answer (kind, scale, value). */
export interface SurveyCount {
  sliceValue: string;
  kind: SurveyResponse['kind'];
  scaleMin: number;
  scaleMax: number;
  direction: SurveyResponse['direction'];
  value: number;
  count: number;
}

/** How many answers share a local day, slice value and answer. */
export interface SurveyTally extends SurveyCount {
  /** Local date `YYYY-MM-DD` of the answer. */
  day: string;
}

/** A {@link SurveyCount} over one of the ranges of a {@link SurveyRangesQuery}. */
export interface SurveyRangeCount extends SurveyCount {
  /** Index of the range in the query. */
  index: number;
}

export interface SurveyRangesQuery {
  kinds: readonly SurveyResponse['kind'][];
  /** `[from, to)` instants; an answer counts in every range holding it. */
  ranges: readonly { from: Instant; to: Instant }[];
  dimension: RollupDimension;
}

/**
 * A ticket that may be in the backlog at some instant of `[from, to)`: unsolved now, or last solved
 * at or after `from`. Its status segments end at the `computedAt` of its metrics.
 */
export interface BacklogCandidate {
  dims: TicketSliceDims;
  computedAt: Instant;
  segments: StatusSegment[];
}

export interface BacklogQuery extends KpiReadOptions {
  from: Instant;
  to: Instant;
}

/** A KPI alert rule (API contract, Alerts). */
export type AlertRule =
  | { type: 'threshold'; op: '>' | '<'; value: number }
  | { type: 'baseline'; worseByPct: number }
  | { type: 'forecast_backlog'; above: number; group?: string | undefined }
  | { type: 'account_at_risk'; minValue: number };

export interface NewAlert {
  kpi: string;
  rule: AlertRule;
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  businessHours: boolean;
}

/** Whether an alert is muted: until unmuted (`muted`), or until an instant (`mutedUntil`). */
export interface AlertMute {
  muted: boolean;
  mutedUntil: Instant | null;
}

export interface StoredAlert extends NewAlert, AlertMute {
  id: string;
  createdAt: Instant;
  lastFiredAt: Instant | null;
  lastValue: number | null;
  lastEvaluatedAt: Instant | null;
  /** `delivered`, or why the last delivery failed (HTTP status or network error code). */
  lastDelivery: string | null;
}

/** The KPI board's reads beyond the rollups (sql-kpis.ts); part of `TicketStore`. */
export interface KpiReads {
  /** Survey answers of kinds `kinds` answered in `[from, to)`, ordered by ticket id. */
  listSurveyAnswers(installationId: string, query: SurveyAnswerQuery): Promise<SurveyAnswerRow[]>;
  /**
   * Survey answers of kinds `kinds` answered in `[from, to)`, counted per local day of
   * `timeZone`, slice value of `dimension` and answer (kind, scale, value).
   */
  tallySurveyAnswers(installationId: string, query: SurveyTallyQuery): Promise<SurveyTally[]>;
  /**
   * Survey answers of kinds `kinds` counted per range, slice value of `dimension` and answer: the
   * board's CES and NPS cells, without a row per day.
   */
  countSurveyAnswers(installationId: string, query: SurveyRangesQuery): Promise<SurveyRangeCount[]>;
  /** Tickets that may be in the backlog during `[from, to)`, ordered by ticket id. */
  listBacklogCandidates(installationId: string, query: BacklogQuery): Promise<BacklogCandidate[]>;
}

/** KPI alert persistence (sql-alerts.ts); part of `TicketStore`. */
export interface AlertStore {
  createAlert(installationId: string, alert: NewAlert): Promise<StoredAlert>;
  /** Oldest first. */
  listAlerts(installationId: string): Promise<StoredAlert[]>;
  /** False when the installation has no such alert. */
  deleteAlert(installationId: string, alertId: string): Promise<boolean>;
  /** Replaces an alert's rule fields and mute; null when the installation has no such alert. */
  updateAlert(
    installationId: string,
    alertId: string,
    alert: NewAlert & AlertMute,
  ): Promise<StoredAlert | null>;
  /**
   * Atomically records a firing at `at` with `value` unless the alert fired less than its cooldown
   * before `at`; true when this caller won the firing and should deliver it.
   */
  claimAlertFiring(
    installationId: string,
    alertId: string,
    at: Instant,
    value: number,
  ): Promise<boolean>;
  /** Notes an evaluation (and, after a firing, how its delivery went). */
  recordAlertEvaluation(
    installationId: string,
    alertId: string,
    at: Instant,
    delivery?: string,
  ): Promise<void>;
}

/**
 * Why a Deskpulse value differs from Zendesk's own (`metric_sets`) for one ticket and metric: the
 * fixed catalogue of docs/metrics.md "Agreement with Zendesk". Order matters: the comparator gives
 * a difference the FIRST reason whose evidence is present, so reasons that make the whole ticket's
 * history untrustworthy come before those that explain one metric.
 */
export const AGREEMENT_REASONS = [
  'merged_or_deleted',
  'outside_synced_window',
  'stale_metric_set',
  'history_gap',
  'status_treated_differently',
  'agent_created_ticket',
  'schedule_changed',
  'unexplained',
] as const;
export type AgreementReason = (typeof AGREEMENT_REASONS)[number];

/** The metrics compared, named as the KPI registry names them where one exists. */
export const AGREEMENT_METRICS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'agent_wait',
  'on_hold',
  'reopens',
  'replies',
] as const;
export type AgreementMetric = (typeof AGREEMENT_METRICS)[number];

/** Durations are compared on both clocks; reopens and replies are counts. */
export const AGREEMENT_CLOCKS = ['calendar', 'business', 'count'] as const;
export type AgreementClock = (typeof AGREEMENT_CLOCKS)[number];

/** One line per reason for people (CLI, API, app): what Zendesk does that we do not. */
export const REASON_DESCRIPTIONS: Record<AgreementReason, string> = {
  merged_or_deleted:
    'The ticket was merged away or deleted: Zendesk closes it at the merge, Deskpulse excludes it.',
  outside_synced_window:
    "The ticket's history starts before the synced window: Deskpulse lacks its first events.",
  stale_metric_set:
    "Zendesk's metric set is older than the ticket's last update and has not caught up yet.",
  history_gap: 'An update of the ticket is missing from the synced history (a quarantined record).',
  status_treated_differently:
    'Reopened and not solved again: Zendesk keeps the values of the earlier solve, Deskpulse shows none.',
  agent_created_ticket:
    "Agent-created ticket: Zendesk counts the agent's creating public comment as a reply.",
  schedule_changed:
    "The ticket's schedule changed: Zendesk uses the last schedule for the whole duration, Deskpulse each schedule for its stretch.",
  unexplained: 'No known cause: worth a look.',
};

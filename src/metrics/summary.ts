import type { SurveyResponse } from '../domain/index.js';
import { SOLVED_STATUSES } from '../domain/index.js';
import type { EffortEstimate } from './effort.js';
import { spearmanCorrelation, summarizeDistribution } from './stats.js';
import type { DistributionSummary } from './stats.js';
import { computeCes, computeCsat, easierIsHigher } from './surveys.js';
import type { Duration, TicketMetrics } from './types.js';

export interface StatBlock {
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface KpiSummary {
  ticketCount: number;
  /** Deleted and merged-away tickets are listed but left out of every KPI (metrics.md §0.5). */
  excludedCount: number;
  /** Tickets solved or closed as of `now` (Zendesk's "solved tickets"). */
  solvedCount: number;
  /** Solved tickets reopened at least once within `reopenWindowDays` of a solve, ÷ solvedCount. */
  reopenRate: number | null;
  reopenRateExcludingCourtesy: number | null;
  reopenEvents: number;
  reopenWindowDays: number;
  /** Solved tickets with exactly one public agent reply ÷ solvedCount (zero-reply solves are no_touch). */
  oneTouchRate: number | null;
  firstReplyMinutes: { calendar: StatBlock; business: StatBlock };
  fullResolutionMinutes: { calendar: StatBlock; business: StatBlock };
  aht: {
    n: number;
    meanSeconds: number | null;
    medianSeconds: number | null;
    coverage: number | null;
  };
  ces: { n: number; mean: number | null; pctEasy: number | null };
  csat: { n: number; pct: number | null; responseRate: number | null };
  /** Spearman correlation of the effort estimate with CES answers (expected negative: more effort, lower CES). */
  effortVsCes: { n: number; spearman: number | null };
}

export interface SummaryItem {
  metrics: TicketMetrics;
  effort: EffortEstimate;
}

const DAY_SECONDS = 86_400;

/**
 * Whether a solve of the ticket was undone within `windowDays` (metrics.md §5: the reopen-rate
 * numerator), optionally ignoring courtesy reopens.
 */
export function reopenedWithin(
  m: TicketMetrics,
  windowDays: number,
  skipCourtesy = false,
): boolean {
  const windowSeconds = windowDays * DAY_SECONDS;
  return m.reopens.some(
    (r) => r.secondsSinceSolve <= windowSeconds && !(skipCourtesy && r.courtesy),
  );
}

/** Aggregates per-ticket metrics into the headline KPIs: medians and p90s for durations, ratios over solved tickets. */
export function summarizeTickets(
  items: readonly SummaryItem[],
  options: { reopenWindowDays: number },
): KpiSummary {
  const included = items.filter(({ metrics }) => metrics.status !== 'deleted' && !metrics.isMerged);
  const solved = included.filter(({ metrics }) => SOLVED_STATUSES.has(metrics.status));
  const reopened = (m: TicketMetrics, skipCourtesy: boolean): boolean =>
    reopenedWithin(m, options.reopenWindowDays, skipCourtesy);
  const ratio = (count: number): number | null =>
    solved.length === 0 ? null : count / solved.length;
  const handleTimes = solved
    .map(({ metrics }) => metrics.handleTimeSeconds)
    .filter((s): s is number => s !== null);
  const aht = summarizeDistribution(handleTimes);
  const responses = included.flatMap(({ metrics }) => metrics.surveys);
  const csat = computeCsat(included.map(({ metrics }) => metrics.satisfaction ?? 'unoffered'));
  return {
    ticketCount: items.length,
    excludedCount: items.length - included.length,
    solvedCount: solved.length,
    reopenRate: ratio(solved.filter(({ metrics }) => reopened(metrics, false)).length),
    reopenRateExcludingCourtesy: ratio(
      solved.filter(({ metrics }) => reopened(metrics, true)).length,
    ),
    reopenEvents: solved.reduce((sum, { metrics }) => sum + metrics.reopens.length, 0),
    reopenWindowDays: options.reopenWindowDays,
    oneTouchRate: ratio(solved.filter(({ metrics }) => metrics.touch === 'one_touch').length),
    firstReplyMinutes: minutesBlocks(included.map(({ metrics }) => metrics.firstReply)),
    fullResolutionMinutes: minutesBlocks(included.map(({ metrics }) => metrics.fullResolution)),
    aht: {
      n: aht.n,
      meanSeconds: aht.mean,
      medianSeconds: aht.median,
      coverage: ratio(aht.n),
    },
    ces: headlineCes(responses),
    csat: { n: csat.n, pct: csat.pct, responseRate: csat.responseRate },
    effortVsCes: effortVsCes(included),
  };
}

function minutesBlocks(durations: readonly Duration[]): {
  calendar: StatBlock;
  business: StatBlock;
} {
  return {
    calendar: block(summarizeDistribution(durations.map((d) => toMinutes(d.calendar)))),
    business: block(summarizeDistribution(durations.map((d) => toMinutes(d.business)))),
  };
}

function toMinutes(seconds: number | null): number | null {
  return seconds === null ? null : seconds / 60;
}

function block(d: DistributionSummary): StatBlock {
  return { n: d.n, mean: d.mean, median: d.median, p90: d.p90 };
}

/** The CES 2.0 scale (1–7, agree = easy) when present; answers on other scales are never pooled into it. */
function headlineCes(responses: readonly SurveyResponse[]): KpiSummary['ces'] {
  const scales = computeCes(responses);
  const headline =
    scales.find(
      (s) => s.scaleMin === 1 && s.scaleMax === 7 && s.direction === 'higher_is_better',
    ) ?? scales[0];
  if (headline === undefined) return { n: 0, mean: null, pctEasy: null };
  return { n: headline.n, mean: headline.mean, pctEasy: headline.pctEasy };
}

function effortVsCes(items: readonly SummaryItem[]): KpiSummary['effortVsCes'] {
  const efforts: number[] = [];
  const answers: number[] = [];
  for (const { metrics, effort } of items) {
    const answer = latestCes(metrics.surveys);
    if (answer === null) continue;
    efforts.push(effort.score);
    answers.push(answer);
  }
  return { n: efforts.length, spearman: spearmanCorrelation(efforts, answers) };
}

/** The ticket's latest CES answer, direction-normalised so higher is always easier. */
export function latestCes(surveys: readonly SurveyResponse[]): number | null {
  let latest: SurveyResponse | null = null;
  for (const s of surveys)
    if (s.kind === 'ces' && (latest === null || s.respondedAt >= latest.respondedAt)) latest = s;
  if (latest === null) return null;
  return easierIsHigher(latest);
}

import { SOLVED_STATUSES } from '../../domain/index.js';
import type { ReasonTicketRow } from '../../store/store.js';

/** Successes out of trials. */
export interface Count {
  x: number;
  n: number;
}

/** Every per-ticket value a cohort's KPIs are computed from. */
export interface CohortSamples {
  fullResolution: number[];
  firstReply: number[];
  resolutionRate: Count;
  reopenRate: Count;
  oneTouch: Count;
  csat: Count;
  interactions: number[];
  ces: number[];
  effort: number[];
}

/**
 * The per-ticket values of a cohort, under the reasons report's definitions: resolution rate is
 * solved-now ÷ created over every ticket (analysed or not); reopen and one-touch count solved
 * tickets; CSAT counts good of rated; interactions are public messages from both sides.
 */
export function cohortSamples(
  rows: readonly ReasonTicketRow[],
  businessHours: boolean,
): CohortSamples {
  const s: CohortSamples = {
    fullResolution: [],
    firstReply: [],
    resolutionRate: { x: 0, n: rows.length },
    reopenRate: { x: 0, n: 0 },
    oneTouch: { x: 0, n: 0 },
    csat: { x: 0, n: 0 },
    interactions: [],
    ces: [],
    effort: [],
  };
  const clock = businessHours ? 'business' : 'calendar';
  for (const { ticket, stored } of rows) {
    if (SOLVED_STATUSES.has(ticket.status)) s.resolutionRate.x += 1;
    if (stored === null) continue;
    const m = stored.metrics;
    const resolution = m.fullResolution[clock];
    if (resolution !== null) s.fullResolution.push(resolution);
    const reply = m.firstReply[clock];
    if (reply !== null) s.firstReply.push(reply);
    if (m.firstSolvedAt !== null) {
      s.reopenRate.n += 1;
      if (m.reopens.length > 0) s.reopenRate.x += 1;
      if (m.touch !== null) {
        s.oneTouch.n += 1;
        if (m.touch === 'one_touch') s.oneTouch.x += 1;
      }
    }
    if (m.satisfaction === 'good' || m.satisfaction === 'bad') {
      s.csat.n += 1;
      if (m.satisfaction === 'good') s.csat.x += 1;
    }
    s.interactions.push(m.behaviour.customerMessages + m.agentReplies);
    if (stored.dims.ces !== null) s.ces.push(stored.dims.ces);
    if (stored.dims.effortScore !== null) s.effort.push(stored.dims.effortScore);
  }
  return s;
}

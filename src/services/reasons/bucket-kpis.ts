import { medianInterval } from '../../metrics/median-interval.js';
import { SOLVED_STATUSES } from '../../domain/index.js';
import { meanTInterval, quantile, wilsonInterval } from '../../metrics/stats.js';
import type { ReasonTicketRow } from '../../store/store.js';
import type { BucketKpis, KpiEstimate } from './schemas.js';

/**
 * The KPIs of one bucket of tickets (a reason or a problem group), each with its 95 % interval
 * and the number of tickets it rests on: resolution time (median, order-statistic interval),
 * reopen and one-touch rates of solved tickets and CSAT of rated ones (Wilson), interactions per
 * ticket, CES and effort (means, t interval); resolution rate is solved-now ÷ created, over every
 * ticket of the bucket. Other tickets not analysed yet count in volume only.
 */
export function bucketKpis(rows: readonly ReasonTicketRow[], businessHours: boolean): BucketKpis {
  const resolution: number[] = [];
  let solved = 0;
  let reopened = 0;
  let touched = 0;
  let oneTouch = 0;
  let good = 0;
  let rated = 0;
  const interactions: number[] = [];
  const ces: number[] = [];
  const effort: number[] = [];
  const resolved = rows.filter((r) => SOLVED_STATUSES.has(r.ticket.status)).length;
  for (const { stored } of rows) {
    if (stored === null) continue;
    const m = stored.metrics;
    const seconds = businessHours ? m.fullResolution.business : m.fullResolution.calendar;
    if (seconds !== null) resolution.push(seconds);
    if (m.firstSolvedAt !== null) {
      solved += 1;
      if (m.reopens.length > 0) reopened += 1;
      if (m.touch !== null) {
        touched += 1;
        if (m.touch === 'one_touch') oneTouch += 1;
      }
    }
    if (m.satisfaction === 'good' || m.satisfaction === 'bad') {
      rated += 1;
      if (m.satisfaction === 'good') good += 1;
    }
    // Public messages from both sides: the customer's (the first one included) and the agents'.
    interactions.push(m.behaviour.customerMessages + m.agentReplies);
    if (stored.dims.ces !== null) ces.push(stored.dims.ces);
    if (stored.dims.effortScore !== null) effort.push(stored.dims.effortScore);
  }
  resolution.sort((a, b) => a - b);
  return {
    resolutionSeconds: {
      value: resolution.length > 0 ? quantile(resolution, 0.5) : null,
      ci: medianInterval(resolution),
      n: resolution.length,
    },
    resolutionRate: rate(resolved, rows.length),
    reopenRate: rate(reopened, solved),
    oneTouchRate: rate(oneTouch, touched),
    csat: rate(good, rated),
    interactionsPerTicket: mean(interactions, 0),
    ces: mean(ces),
    effort: mean(effort, 0),
  };
}

function rate(successes: number, n: number): KpiEstimate {
  return { value: n > 0 ? successes / n : null, ci: wilsonInterval(successes, n), n };
}

/**
 * A mean with its t interval; `floor` clips the interval of a quantity that cannot go below it
 * (a count), which the symmetric t interval of a small, skewed sample otherwise does.
 */
function mean(values: readonly number[], floor?: number): KpiEstimate {
  const n = values.length;
  const value = n > 0 ? values.reduce((s, v) => s + v, 0) / n : null;
  const ci = meanTInterval(values);
  if (ci === null || floor === undefined) return { value, ci, n };
  return { value, ci: { low: Math.max(floor, ci.low), high: ci.high }, n };
}

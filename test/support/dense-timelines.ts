import { SlaMetricSchema, type SlaPolicy } from '../../src/domain/index.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';
import type { Random } from '../../src/simulator/prng.js';
import { TimelineBuilder } from './timeline-builder.js';

/**
 * A dense data set for the rollups' day bucketing: tickets over SPREAD_DAYS from BASE with
 * replies, solves hours to weeks later, reopens, CSAT and CES answers days after the solve, and a
 * policy whose breaches land days after creation.
 */
export const DAY_MS = 86_400_000;
export const BASE = Date.UTC(2024, 0, 1);
export const SPREAD_DAYS = 50;

// Targets from hours to weeks, so breaches land days after creation, some inside the claim.
export const DENSE_POLICY: SlaPolicy = {
  id: 'p',
  name: 'p',
  targets: SlaMetricSchema.options.map((metric, i) => ({
    metric,
    priority: null,
    targetSeconds: [8 * 3600, 3 * 86_400, 12 * 86_400][i % 3] ?? 3600,
    businessHours: i % 2 === 0,
  })),
};

export const iso = (at: number) => new Date(at).toISOString();

/** A ticket of the dense data set: replies, solves hours to weeks later, reopens, surveys. */
export function denseTimeline(random: Random, i: number): TicketTimeline {
  const created = BASE + Math.floor(random() * SPREAD_DAYS * 1440) * 60_000;
  const b = new TimelineBuilder(`T${String(i).padStart(5, '0')}`, iso(created), {
    requesterId: `customer-${String(i % 97)}`,
    channel: random() < 0.8 ? 'email' : 'chat',
  });
  let at = created + 60_000;
  const later = (maxDays: number) => {
    at += 60_000 + Math.floor(random() * maxDays * 1440) * 60_000;
    return iso(at);
  };
  b.assign(iso(at), null, `agent-${String(i % 5)}`).group(iso(at), null, `group-${String(i % 3)}`);
  if (random() < 0.85) b.agent(later(random() < 0.8 ? 0.5 : 6));
  if (random() < 0.3) b.status(later(1), 'pending').customer(later(3)).status(iso(at), 'open');
  if (random() < 0.8) {
    b.status(later([0.3, 2, 9, 25][Math.floor(random() * 4)] ?? 1), 'solved');
    if (random() < 0.2) b.customer(later(4)).status(iso(at), 'open').status(later(5), 'solved');
    if (random() < 0.4) b.csat(later(1), random() < 0.8 ? 'good' : 'bad');
    if (random() < 0.3) b.ces(later(6), 1 + Math.floor(random() * 7));
  }
  return b.build();
}

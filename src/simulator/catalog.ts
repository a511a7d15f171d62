import { organizationExtras, type ChurnPlan } from './churn-plan.js';
import type { Schedule } from '../domain/index.js';
import { chance } from './prng.js';

/**
 * The simulator's small, fixed tables (agents, groups, fields, schedules) and the on-demand ones
 * (customers, organisations), which are computed from their index so a million-ticket data set
 * never materialises them.
 */

/** Zendesk's user id for triggers and automations. */
export const SYSTEM_USER_ID = -1;
/** Time Tracking app's field; its value is the running total, so deltas are handle time. */
export const TIME_FIELD_ID = 360000001;
/** A 1–7 CES 2.0 answer ("the company made it easy"), higher is better. */
export const CES_FIELD_ID = 360000002;
/**
 * A 0–10 "how likely are you to recommend us" answer, as an NPS survey tool (Delighted,
 * Nicereply…) writes it into a ticket field; Zendesk's own NPS surveys are retired.
 */
export const NPS_FIELD_ID = 360000004;

const AGENT_COUNT = 20;
const ADMIN_COUNT = 3;
const FIRST_AGENT_ID = 1001;
const FIRST_CUSTOMER_ID = 200001;
const FIRST_ORG_ID = 90001;

/** A user as the users export serves it. */
export interface SimUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
  organization_id: number | null;
  updated_at: string;
}

/** Ticket fields served by `/api/v2/ticket_fields.json`. */
export const TICKET_FIELDS = [
  { id: TIME_FIELD_ID, title: 'Total time spent (sec)', type: 'integer' },
  { id: 360000003, title: 'Time spent last update (sec)', type: 'integer' },
  { id: CES_FIELD_ID, title: 'Customer effort (CES)', type: 'integer' },
  { id: NPS_FIELD_ID, title: 'Likelihood to recommend (NPS)', type: 'integer' },
] as const;

/** Support groups; tickets hop between them. */
export const GROUPS = [
  { id: 501, name: 'Tier 1' },
  { id: 502, name: 'Tier 2' },
  { id: 503, name: 'Billing' },
  { id: 504, name: 'Technical' },
  { id: 505, name: 'VIP' },
] as const;

/** Agent ids 1001–1020; the first three are admins (the API user is the first). */
export const AGENT_IDS: readonly number[] = Array.from(
  { length: AGENT_COUNT },
  (_, k) => FIRST_AGENT_ID + k,
);

/** Agents able to work tickets of a group: four per group, rotating. */
export function agentsOfGroup(groupId: number): number[] {
  const slot = groupId - GROUPS[0].id;
  return AGENT_IDS.filter((_, k) => k % GROUPS.length === slot);
}

/** The two business-hours schedules, in the domain model (the wire shape is derived from it). */
export const SCHEDULES: readonly Schedule[] = [
  {
    id: '7001',
    name: 'US support (New York)',
    timeZone: 'America/New_York',
    intervals: weekdays(9 * 60, 17 * 60),
    holidays: [
      { name: "New Year's Day", startDate: '2024-01-01', endDate: '2024-01-01' },
      { name: 'Independence Day', startDate: '2024-07-04', endDate: '2024-07-04' },
      { name: 'Thanksgiving', startDate: '2024-11-28', endDate: '2024-11-29' },
      { name: 'Christmas Day', startDate: '2024-12-25', endDate: '2024-12-25' },
      { name: "New Year's Day", startDate: '2025-01-01', endDate: '2025-01-01' },
    ],
  },
  {
    id: '7002',
    name: 'UK support (London)',
    timeZone: 'Europe/London',
    intervals: weekdays(8 * 60, 16 * 60 + 30),
    holidays: [
      { name: 'Easter Monday', startDate: '2024-04-01', endDate: '2024-04-01' },
      { name: 'Christmas', startDate: '2024-12-25', endDate: '2024-12-26' },
      { name: "New Year's Day", startDate: '2025-01-01', endDate: '2025-01-01' },
    ],
  },
];

/**
 * The account's SLA policies as `GET /api/v2/slas/policies` lists them (targets in minutes): an
 * incidents-by-email policy matched first, and the catch-all standard policy every other ticket
 * gets, with the update-time metric Zendesk has and the engine does not measure.
 */
export const SLA_POLICIES: readonly Record<string, unknown>[] = [
  {
    id: 36,
    title: 'Incidents by email',
    description: 'Urgent email incidents are answered within 10 minutes',
    position: 1,
    filter: {
      all: [
        { field: 'type', operator: 'is', value: 'incident' },
        { field: 'via_id', operator: 'is', value: '4' },
      ],
      any: [],
    },
    policy_metrics: [
      { priority: 'urgent', metric: 'first_reply_time', target: 10, business_hours: false },
    ],
  },
  {
    id: 37,
    title: 'Standard support',
    description: 'Every other ticket',
    position: 2,
    filter: { all: [], any: [] },
    policy_metrics: [
      ...(['urgent', 'high', 'normal', 'low'] as const).flatMap((priority, k) => [
        {
          priority,
          metric: 'first_reply_time',
          target: [60, 240, 480, 960][k],
          business_hours: true,
        },
        {
          priority,
          metric: 'requester_wait_time',
          target: [480, 1440, 2880, 5760][k],
          business_hours: true,
        },
      ]),
      { priority: 'normal', metric: 'periodic_update_time', target: 1440, business_hours: true },
    ],
  },
].map((p) => ({
  ...p,
  url: `https://simulator.zendesk.com/api/v2/slas/policies/${String(p.id)}.json`,
  created_at: '2023-11-01T09:00:00Z',
  updated_at: '2023-11-01T09:00:00Z',
}));

function weekdays(fromMinute: number, toMinute: number): Schedule['intervals'] {
  // Zendesk counts minutes from Sunday 00:00, so Monday is day 1.
  return [1, 2, 3, 4, 5].map((day) => ({
    startMinute: day * 1440 + fromMinute,
    endMinute: day * 1440 + toMinute,
  }));
}

/** Sizes of the on-demand tables for a data set of `tickets` tickets. */
export interface Population {
  customers: number;
  organizations: number;
  seed: number;
  /** Users and organisations were last updated before the tickets start, one second apart. */
  usersEpochMs: number;
  /** Planted churn (churn-plan.ts), when the data set asked for it. */
  churn?: ChurnPlan;
}

/** Builds the population for a data set: ~N/5 customers (so contacts repeat), 1 org per 20. */
export function population(tickets: number, seed: number, startMs: number): Population {
  const customers = Math.max(3, Math.ceil(tickets / 5));
  const organizations = Math.max(2, Math.ceil(customers / 20));
  const usersEpochMs = startMs - 30 * 86_400_000 - (AGENT_COUNT + customers) * 1000;
  return { customers, organizations, seed, usersEpochMs };
}

/** Total users: agents first, then customers (the users export's order). */
export function userCount(pop: Population): number {
  return AGENT_COUNT + pop.customers;
}

/** Customer id of customer number `c` (0-based). */
export function customerId(c: number): number {
  return FIRST_CUSTOMER_ID + c;
}

/** Organisation of a customer; three in ten have none. */
export function customerOrganization(pop: Population, c: number): number | null {
  const roll = chance(pop.seed, 'org', c);
  return roll < 0.3 ? null : FIRST_ORG_ID + Math.floor(((roll - 0.3) / 0.7) * pop.organizations);
}

/** User number `u` of the users export (agents, then customers). */
export function userAt(pop: Population, u: number): SimUser {
  const updated_at = iso(pop.usersEpochMs + u * 1000);
  if (u < AGENT_COUNT) {
    const id = FIRST_AGENT_ID + u;
    const role = u < ADMIN_COUNT ? 'admin' : 'agent';
    return {
      id,
      name: `Agent ${u + 1}`,
      email: `agent${u + 1}@example.test`,
      role,
      organization_id: null,
      updated_at,
    };
  }
  const c = u - AGENT_COUNT;
  return {
    id: customerId(c),
    name: `Customer ${c + 1}`,
    email: `customer${c + 1}@example.test`,
    role: 'end-user',
    organization_id: customerOrganization(pop, c),
    updated_at,
  };
}

/** The user with this id, or undefined. */
export function userById(pop: Population, id: number): SimUser | undefined {
  if (id >= FIRST_AGENT_ID && id < FIRST_AGENT_ID + AGENT_COUNT)
    return userAt(pop, id - FIRST_AGENT_ID);
  const c = id - FIRST_CUSTOMER_ID;
  if (Number.isInteger(c) && c >= 0 && c < pop.customers) return userAt(pop, AGENT_COUNT + c);
  return undefined;
}

/** Organisation number `k`; updated one second apart so time-based pages always advance. */
export function organizationAt(
  pop: Population,
  k: number,
): { id: number; name: string; updated_at: string } {
  return {
    id: FIRST_ORG_ID + k,
    name: `Organisation ${k + 1}`,
    updated_at: iso(pop.usersEpochMs + k * 1000),
    ...organizationExtras(pop.churn, FIRST_ORG_ID + k),
  };
}

/** ISO-8601 UTC without milliseconds, as Zendesk writes timestamps. */
export function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

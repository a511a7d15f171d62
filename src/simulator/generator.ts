import {
  AGENT_IDS,
  GROUPS,
  SCHEDULES,
  TICKET_FIELDS,
  agentsOfGroup,
  customerId,
  customerOrganization,
  type Population,
} from './catalog.js';
import { BRANDS } from './directory.js';
import { snapshotOf, type SimSnapshot, type SimTicket } from './model.js';
import { createRandom, intBetween, pickOne, pickWeighted, type Random } from './prng.js';
import { isPlanted, type PlantedEffect } from './planted-effect.js';
import { problemAt, problemText } from './problems.js';
import { drawScheduleChange } from './schedule-assignment.js';
import { addNextUpdate } from './script.js';
import { isDegraded, plantedCustomer } from './churn-plan.js';
import { UpdateBuilder } from './update-builder.js';

/**
 * Ticket generation from (seed, index) alone. Tickets are laid out so that the base `updated_at`
 * grows with the index: index order is then export order, and "first ticket updated at or after
 * T" is arithmetic instead of a scan.
 */

/** Tickets live at most this long (creation to last update), which bounds every time-window scan. */
export const MAX_LIFETIME_MS = 30 * 86_400_000;

/** What ticket generation needs to know about the data set. */
export interface GeneratorSpec {
  tickets: number;
  seed: number;
  startMs: number;
  endMs: number;
  idOffset: number;
  population: Population;
  /** A known effect for cohort comparisons to find (off when absent). */
  plantedEffect?: PlantedEffect;
}

/** Field ids every snapshot carries (null until set). */
export const FIELD_IDS: readonly number[] = TICKET_FIELDS.map((f) => f.id);

/** The base last-update time of ticket `index` (whole seconds, non-decreasing in the index). */
export function baseUpdatedAt(spec: GeneratorSpec, index: number): number {
  const spacing = (spec.endMs - spec.startMs) / spec.tickets;
  const jitter = createRandom(spec.seed, 'slot', index)() * 0.8 + 0.1;
  return Math.floor((spec.startMs + (index + jitter) * spacing) / 1000) * 1000;
}

/** The first index whose base `updated_at` is at or after `ms` (binary search). */
export function firstIndexUpdatedFrom(spec: GeneratorSpec, ms: number): number {
  let lo = 0;
  let hi = spec.tickets;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (baseUpdatedAt(spec, mid) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether ticket `index` was deleted: about one in 300, drawn from the seed. */
export function isDeleted(spec: GeneratorSpec, index: number): boolean {
  return createRandom(spec.seed, 'deleted', index)() < 1 / 300;
}

/** The creation time of ticket `index`, cheap enough to call in scans. */
export function createdAtOf(spec: GeneratorSpec, index: number): number {
  return baseUpdatedAt(spec, index) - lifetimeOf(spec, index);
}

function lifetimeOf(spec: GeneratorSpec, index: number): number {
  const random = createRandom(spec.seed, 'life', index);
  const bucket = pickWeighted(random, { hours: 4, days: 4, weeks: 2 });
  const maxMs =
    bucket === 'hours' ? 86_400_000 : bucket === 'days' ? 7 * 86_400_000 : MAX_LIFETIME_MS;
  // Sampled within the room left since the window start, so early tickets do not pile up on it.
  const room = Math.min(maxMs, baseUpdatedAt(spec, index) - spec.startMs);
  const factor = isPlanted(spec.seed, spec.plantedEffect, index)
    ? (spec.plantedEffect?.lifetimeFactor ?? 1)
    : 1;
  return Math.floor((random() * room * factor) / 1000) * 1000;
}

/** Generates ticket `index` (0-based) with all its base updates. */
export function generateTicket(spec: GeneratorSpec, index: number): SimTicket {
  const random = createRandom(spec.seed, 'ticket', index);
  const createdAt = createdAtOf(spec, index);
  const updatedAt = baseUpdatedAt(spec, index);
  const agentCreated = random() < 0.12;
  const channel = agentCreated
    ? pickWeighted(random, { web: 2, voice: 2, email: 1 })
    : pickWeighted(random, { email: 40, web: 25, chat: 15, api: 10, voice: 10 });
  // Squaring the roll skews contacts towards a minority of customers, so contacts repeat.
  const drawn = Math.floor(random() ** 2 * spec.population.customers);
  const c = plantedCustomer(spec.population.churn, spec.seed, index, createdAt) ?? drawn;
  const requesterId = customerId(c);
  const group = pickOne(random, GROUPS).id;
  const creator = agentCreated ? pickOne(random, agentsOfGroup(group)) : requesterId;
  // One draw, where the subject pick used to be, so every later draw (and the data set) is unchanged.
  const text = problemText(spec.seed, index, problemAt(random()));
  const ticket: SimTicket = {
    index,
    id: spec.idOffset + index + 1,
    subject: `${text.subject} (#${index + 1})`,
    problem: { id: text.problem, language: text.language },
    firstMessage: text.firstMessage,
    channel,
    requesterId,
    submitterId: creator,
    organizationId: customerOrganization(spec.population, c),
    brandId: BRANDS[0].id,
    tags: [
      channel,
      ...(random() < 0.2 ? ['vip'] : []),
      ...(isPlanted(spec.seed, spec.plantedEffect, index) ? [spec.plantedEffect?.tag ?? ''] : []),
    ],
    scheduleId: Number((random() < 0.7 ? SCHEDULES[0] : SCHEDULES[1])?.id ?? 0),
    createdAt,
    updates: [],
  };
  const state = snapshotOf(ticket, FIELD_IDS);
  const assignee =
    agentCreated || (channel !== 'email' && random() < 0.5)
      ? pickOne(random, agentsOfGroup(group))
      : null;
  const create = new UpdateBuilder(ticket, state, createdAt, creator, channel)
    .set('status', assignee === null ? 'new' : 'open', true)
    .set('priority', pickWeighted(random, { low: 2, normal: 6, high: 2, urgent: 1 }), true)
    .set('group_id', group, true);
  if (assignee !== null) create.set('assignee_id', assignee, true);
  create.comment(creator, true, ticket.firstMessage).commit();

  const deleted = isDeleted(spec, index);
  const times = updateTimes(random, createdAt, updatedAt, deleted ? 1 : 0);
  const degraded = isDegraded(spec.population.churn, ticket.organizationId, createdAt);
  for (const [k, at] of times.entries()) {
    if (!addNextUpdate(random, ticket, state, at, k >= times.length - 2, degraded)) break;
  }
  if (deleted) deleteTicket(ticket, state, updatedAt);
  else if (ticket.updates.at(-1)?.at !== updatedAt) pinLastUpdate(random, ticket, state, updatedAt);
  const scheduleChange = drawScheduleChange(spec.seed, ticket);
  if (scheduleChange !== undefined) ticket.scheduleChange = scheduleChange;
  return ticket;
}

/** Update times strictly after creation and at most `updatedAt`, one per second at least. */
function updateTimes(
  random: Random,
  createdAt: number,
  updatedAt: number,
  reserved: number,
): number[] {
  const seconds = (updatedAt - createdAt) / 1000;
  const count = Math.min(intBetween(random, 1, 9), seconds - reserved);
  const set = new Set<number>();
  for (let k = 0; k < count - 1; k += 1)
    set.add(createdAt + intBetween(random, 1, seconds - 1 - reserved) * 1000);
  if (count > 0) set.add(updatedAt - reserved * 1000);
  return [...set].sort((a, b) => a - b);
}

/** The base layout promises the last update lands on `updatedAt`; a note keeps that promise. */
function pinLastUpdate(random: Random, ticket: SimTicket, state: SimSnapshot, at: number): void {
  const last = ticket.updates.at(-1);
  if (last === undefined || at <= last.at) return;
  if (state.status === 'closed') {
    // Closed tickets take no updates, so the closing update itself moves to the slot.
    last.at = at;
    return;
  }
  const agent = state.assigneeId ?? pickOne(random, AGENT_IDS);
  new UpdateBuilder(ticket, state, at, agent, 'web').comment(agent, false).commit();
}

function deleteTicket(ticket: SimTicket, state: SimSnapshot, at: number): void {
  const admin = AGENT_IDS[0] ?? 1001;
  new UpdateBuilder(ticket, state, at, admin, 'web').set('status', 'deleted').commit();
}

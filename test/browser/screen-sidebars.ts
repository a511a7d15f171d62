import type { FrameLocator } from 'playwright-core';
import { expect } from 'vitest';
import type { Schedule } from '../../src/domain/index.js';
import { duration } from './screen-format.js';
import {
  businessSeconds,
  DAY,
  isSolvedStatus,
  quantile,
  type TicketFacts,
} from './screen-truth.js';

/**
 * The sidebars' numbers against the truth: a solved ticket's clocks and its requester's context,
 * another requester's user sidebar and an organisation's sidebar.
 */

type ScheduleOf = (f: TicketFacts) => Schedule;
type Open = (path: string) => Promise<{ frame: FrameLocator }>;
// The context reads a customer's newest tickets, at most this many (RECENT_TICKETS).
const RECENT = 20;

/** Label → shown text of every fact (dt/dd) in the frame, spaces normalised. */
async function factsShown(frame: FrameLocator): Promise<Map<string, string>> {
  const shown = new Map<string, string>();
  for (const fact of await frame.locator('.dp-fact').all()) {
    const [label = '', value = ''] = (await fact.locator('dt, dd').allInnerTexts()).map((s) =>
      s.replace(/\s+/g, ' ').trim(),
    );
    shown.set(label, value);
  }
  return shown;
}

const median = (values: (number | null)[]) =>
  quantile(
    values.filter((v): v is number => v !== null).sort((a, b) => a - b),
    0.5,
  );

/**
 * What the context's facts and CSAT line must read for these tickets (newest first); the counts
 * cover every ticket of the customer but deleted ones (`all`).
 */
function expectedContext(
  tickets: readonly TicketFacts[],
  all: readonly TicketFacts[],
  scheduleOf: ScheduleOf,
  now: number,
) {
  const full = (f: TicketFacts, business: boolean) =>
    f.lastSolveAt === null
      ? null
      : business
        ? businessSeconds(scheduleOf(f), f.createdAt, f.lastSolveAt)
        : (f.lastSolveAt - f.createdAt) / 1000;
  const reopens = tickets.flatMap((f) => f.reopenTimes);
  const since = (days: number) => reopens.filter((at) => at >= now - days * DAY).length;
  const good = tickets.filter((f) => f.rating === 'good').length;
  const bad = tickets.filter((f) => f.rating === 'bad').length;
  const counted = all.filter((f) => f.status !== 'deleted');
  const solved = counted.filter((f) => isSolvedStatus(f.status)).length;
  return {
    facts: {
      Tickets: `${counted.length} · ${counted.length - solved} open · ${solved} solved`,
      'Median resolution': duration(median(tickets.map((f) => full(f, false)))),
      '… in business hours': duration(median(tickets.map((f) => full(f, true)))),
      Reopens: `${reopens.length} (30 d: ${since(30)}, 90 d: ${since(90)})`,
    },
    csat: good + bad === 0 ? 'No satisfaction ratings.' : `${good} good, ${bad} bad`,
  };
}

async function compareContext(
  frame: FrameLocator,
  [tickets, all]: readonly [readonly TicketFacts[], readonly TicketFacts[]],
  scheduleOf: ScheduleOf,
): Promise<number> {
  const expected = expectedContext(tickets, all, scheduleOf, Date.now());
  const shown = await factsShown(frame);
  let compared = 0;
  for (const [label, value] of Object.entries(expected.facts)) {
    // The team's median follows in a hint; it is the board's number, compared there.
    expect(shown.get(label)?.split(' (team')[0], label).toBe(value);
    compared += label === 'Tickets' || label === 'Reopens' ? 3 : 1;
  }
  const csat = frame.locator('.dp-section', { hasText: 'Satisfaction (CSAT)' }).locator('p');
  expect((await csat.first().innerText()).trim()).toContain(expected.csat);
  return compared + 2;
}

/** The clocks of a solved ticket: age stopped at the solve, first reply, requester wait. */
async function compareClocks(
  frame: FrameLocator,
  f: TicketFacts,
  schedule: Schedule,
): Promise<number> {
  const solve = f.lastSolveAt ?? 0;
  const both = (from: number, to: number) =>
    `${duration(businessSeconds(schedule, from, to))} (${duration((to - from) / 1000)} calendar)`;
  const wait = f.waitSpans.reduce(
    (sum, [a, b]) => ({
      business: sum.business + businessSeconds(schedule, a, b),
      calendar: sum.calendar + (b - a) / 1000,
    }),
    { business: 0, calendar: 0 },
  );
  const shown = await factsShown(frame);
  expect(shown.get('Age')).toBe(`${both(f.createdAt, solve)} (stopped at the solve)`);
  expect(shown.get('First reply')).toBe(
    f.firstReplyAt === null ? 'not yet' : both(f.createdAt, f.firstReplyAt),
  );
  expect(shown.get('Requester waiting')).toBe(
    `${duration(wait.business)} (${duration(wait.calendar)} calendar)`,
  );
  return 6;
}

/**
 * Each subject's newest {@link RECENT} tickets (what the context reads), for subjects with two or
 * more of them and none deleted (a deleted ticket's numbers are no one's).
 */
function subjects(facts: readonly TicketFacts[], key: (f: TicketFacts) => string | null) {
  const by = new Map<string, TicketFacts[]>();
  for (const f of facts) {
    const k = key(f);
    if (k !== null) by.set(k, [...(by.get(k) ?? []), f]);
  }
  return [...by]
    .map(([k, list]): [string, TicketFacts[], TicketFacts[]] => [
      k,
      [...list].sort((a, b) => b.createdAt - a.createdAt).slice(0, RECENT),
      list,
    ])
    .filter(([, list]) => list.length >= 2 && list.every((f) => f.status !== 'deleted'));
}

export async function compareSidebars(
  facts: readonly TicketFacts[],
  open: Open,
  scheduleOf: ScheduleOf,
): Promise<number> {
  let compared = 0;
  const people = subjects(facts, (f) => f.requesterId);
  const withSolved = people.find(([, list]) =>
    list.some((f) => f.lastSolveAt !== null && f.firstReplyAt !== null),
  );
  const other = people.find(([id]) => id !== withSolved?.[0]);
  const org = subjects(facts, (f) => f.organizationId)[0];
  if (withSolved === undefined || other === undefined || org === undefined)
    throw new Error('the data set lacks a requester or organisation to check');
  const [, tickets, all] = withSolved;
  const solved = tickets.find((f) => f.lastSolveAt !== null && f.firstReplyAt !== null);
  if (solved === undefined) throw new Error('unreachable: picked for its solved ticket');

  const ticket = await open(`/preview/ticket/${solved.id}`);
  await expect.poll(() => ticket.frame.locator('.dp-clocks').count(), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => ticket.frame.locator('.dp-context').count(), { timeout: 30_000 }).toBe(1);
  compared += await compareClocks(ticket.frame, solved, scheduleOf(solved));
  compared += await compareContext(ticket.frame, [tickets, all], scheduleOf);

  const user = await open(`/preview/user/${other[0]}`);
  await expect.poll(() => user.frame.locator('.dp-context').count(), { timeout: 30_000 }).toBe(1);
  compared += await compareContext(user.frame, [other[1], other[2]], scheduleOf);

  const organization = await open(`/preview/organization/${org[0]}`);
  await expect
    .poll(() => organization.frame.locator('.dp-context').count(), { timeout: 30_000 })
    .toBe(1);
  compared += await compareContext(organization.frame, [org[1], org[2]], scheduleOf);
  return compared;
}

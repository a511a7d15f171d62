import {
  AGENT_IDS,
  CES_FIELD_ID,
  GROUPS,
  NPS_FIELD_ID,
  SYSTEM_USER_ID,
  agentsOfGroup,
} from './catalog.js';
import type { SimSnapshot, SimTicket } from './model.js';
import { chance, intBetween, pickOne, type Random } from './prng.js';
import { UpdateBuilder } from './update-builder.js';

/**
 * The next-update state machine: given a ticket's current state, what a realistic next update
 * does (agent reply, customer reply, private note, hold, group hop, solve, CSAT, CES, NPS, close).
 * Webhook mutations reuse it so simulated live traffic looks like the history.
 */

/** The agent who works the ticket now: its assignee, else someone from its group. */
function workingAgent(random: Random, state: SimSnapshot): number {
  if (state.assigneeId !== null) return state.assigneeId;
  return pickOne(random, agentsOfGroup(state.groupId ?? GROUPS[0].id));
}

/**
 * Adds one realistic update at `at`; `closing` asks for a wrap-up (solve, rate, close) because
 * this is among the ticket's last updates. `degraded` (a planted churner's last weeks,
 * churn-plan.ts) makes the same draws go badly: more reopens, hops, bad ratings, hard CES.
 * Returns false when the ticket accepts no update.
 */
export function addNextUpdate(
  random: Random,
  ticket: SimTicket,
  state: SimSnapshot,
  at: number,
  closing: boolean,
  degraded = false,
): boolean {
  const roll = random();
  const agentVia = 'web';
  switch (state.status) {
    case 'closed':
    case 'deleted':
      return false;
    case 'new': {
      const agent = workingAgent(random, state);
      const b = new UpdateBuilder(ticket, state, at, agent, agentVia)
        .set('assignee_id', agent)
        .comment(agent, true);
      if (roll < 0.6) b.track(random);
      b.set('status', roll < 0.7 ? 'pending' : 'open').commit();
      return true;
    }
    case 'pending': {
      if (roll < 0.65 && !closing) {
        new UpdateBuilder(ticket, state, at, ticket.requesterId, ticket.channel)
          .comment(ticket.requesterId, true)
          .set('status', 'open')
          .commit();
      } else {
        const agent = workingAgent(random, state);
        new UpdateBuilder(ticket, state, at, agent, agentVia)
          .track(random)
          .set('status', 'solved')
          .commit();
      }
      return true;
    }
    case 'hold': {
      const agent = workingAgent(random, state);
      new UpdateBuilder(ticket, state, at, agent, agentVia)
        .comment(agent, false)
        .track(random)
        .set('status', 'open')
        .commit();
      return true;
    }
    case 'open':
      addOpenUpdate(random, ticket, state, at, closing ? 0.8 : roll, degraded);
      return true;
    case 'solved':
      addSolvedUpdate(random, ticket, state, at, closing, roll, degraded);
      return true;
  }
}

function addOpenUpdate(
  random: Random,
  ticket: SimTicket,
  state: SimSnapshot,
  at: number,
  roll: number,
  degraded: boolean,
): void {
  const agent = workingAgent(random, state);
  if (roll < (degraded ? 0.3 : 0.1)) {
    // A group hop: the ticket moves to another team and someone there picks it up.
    const group = pickOne(
      random,
      GROUPS.filter((g) => g.id !== state.groupId),
    ).id;
    const next = pickOne(random, agentsOfGroup(group));
    new UpdateBuilder(ticket, state, at, agent, 'web')
      .set('group_id', group)
      .set('assignee_id', next)
      .comment(agent, false)
      .commit();
    return;
  }
  const b = new UpdateBuilder(ticket, state, at, agent, 'web');
  if (roll < 0.2) {
    // A colleague adds an internal note and logs time, so time tracking has several agents.
    const helper = pickOne(
      random,
      AGENT_IDS.filter((id) => id !== agent),
    );
    b.update.updaterId = helper;
    b.comment(helper, false).track(random).commit();
  } else if (roll < 0.3) b.comment(agent, false).track(random).set('status', 'hold').commit();
  else if (roll < 0.35) b.set('priority', pickOne(random, ['low', 'high', 'urgent'])).commit();
  else if (roll < 0.7) b.comment(agent, true).track(random).set('status', 'pending').commit();
  else b.comment(agent, true).track(random).set('status', 'solved').commit();
}

function addSolvedUpdate(
  random: Random,
  ticket: SimTicket,
  state: SimSnapshot,
  at: number,
  closing: boolean,
  roll: number,
  degraded: boolean,
): void {
  const requester = ticket.requesterId;
  if (!closing && roll < (degraded ? 0.6 : 0.3)) {
    // Reopen: the customer writes back after the solve.
    new UpdateBuilder(ticket, state, at, requester, ticket.channel)
      .comment(requester, true)
      .set('status', 'open')
      .commit();
  } else if (state.satisfaction === 'unoffered' && roll < 0.75) {
    new UpdateBuilder(ticket, state, at, SYSTEM_USER_ID, 'rule').rating('offered').commit();
  } else if (state.satisfaction === 'offered' && roll < 0.8) {
    const good = random() < (degraded ? 0.15 : 0.8);
    const b = new UpdateBuilder(ticket, state, at, requester, 'web').rating(good ? 'good' : 'bad');
    if (random() < 0.7) b.set(`custom_fields_${CES_FIELD_ID}`, String(cesAnswer(random, degraded)));
    const nps = npsAnswer(ticket, good);
    if (nps !== null) b.set(`custom_fields_${NPS_FIELD_ID}`, String(nps));
    b.commit();
  } else if (state.fields.get(CES_FIELD_ID) == null && roll < 0.5) {
    new UpdateBuilder(ticket, state, at, requester, 'web')
      .set(`custom_fields_${CES_FIELD_ID}`, String(cesAnswer(random, degraded)))
      .commit();
  } else {
    new UpdateBuilder(ticket, state, at, SYSTEM_USER_ID, 'rule').set('status', 'closed').commit();
  }
}

/**
 * The survey tool's "how likely are you to recommend us" (0–10), answered with the rating by
 * four raters in five; happy raters lean to promoters. Drawn from a hash, not the update stream,
 * so data sets from before NPS keep every other value.
 */
function npsAnswer(ticket: SimTicket, good: boolean): number | null {
  // Keyed on the ticket alone: a planted effect that moves the rating in time keeps its answer.
  if (chance('nps', ticket.id) >= 0.8) return null;
  const pick = chance('nps-score', ticket.id);
  return good ? 6 + Math.floor(pick * 5) : Math.floor(pick * 8);
}

/** A CES 2.0 answer (1–7); a degraded ticket's customer mostly disagrees it was easy (1–3). */
function cesAnswer(random: Random, degraded: boolean): number {
  return degraded ? intBetween(random, 1, 3) : intBetween(random, 1, 7);
}

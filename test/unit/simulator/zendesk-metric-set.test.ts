import { describe, expect, it } from 'vitest';
import type { SimChild, SimSnapshot, SimTicket } from '../../../src/simulator/model.js';
import {
  expectedAgreementReasons,
  isStaleMetricSet,
  zendeskMetricValues,
} from '../../../src/simulator/zendesk-metric-set.js';

const AGENT = 1005;
const CUSTOMER = 200001;
const T0 = Date.parse('2024-03-04T09:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;

let childId = 0;
const status = (value: string, previous: string | null): SimChild => ({
  kind: 'field',
  id: ++childId,
  create: previous === null,
  field: 'status',
  value,
  previous,
});
const comment = (authorId: number, isPublic = true): SimChild => ({
  kind: 'comment',
  id: ++childId,
  authorId,
  public: isPublic,
  body: '…',
});

/** T-R (metrics.md §2(d)) as simulator updates, minutes from D1 09:00; `upTo` cuts it short. */
function ticketTR(upTo = Infinity, submitterId = CUSTOMER): SimTicket {
  const steps: [number, SimChild[]][] = [
    [0, [status('new', null), comment(submitterId)]],
    [20, [comment(AGENT), status('pending', 'new')]],
    [60, [comment(CUSTOMER), status('open', 'pending')]],
    [120, [comment(AGENT), status('solved', 'open')]],
    [1500, [comment(CUSTOMER), status('open', 'solved')]],
    [1530, [comment(AGENT), status('pending', 'open')]],
    [1620, [status('solved', 'pending')]],
  ];
  return {
    index: 0,
    id: 1,
    subject: 'T-R',
    problem: { id: 'login-failure', language: 'en' },
    firstMessage: 'I cannot log in.',
    channel: 'email',
    requesterId: CUSTOMER,
    submitterId,
    organizationId: null,
    brandId: 1,
    tags: [],
    scheduleId: 7001,
    createdAt: T0,
    updates: steps
      .filter(([m]) => m <= upTo)
      .map(([m, children], k) => ({
        id: k + 1,
        at: at(m),
        updaterId: AGENT,
        via: 'web',
        children,
      })),
  };
}

/** A seed under which ticket 1 is not stale, found rather than assumed. */
const seed = [1, 2, 3, 4, 5, 6, 7, 8].find((s) => !isStaleMetricSet(s, ticketTR())) ?? 0;
const snapOf = (status: SimSnapshot['status']) => ({ status }) as SimSnapshot;

describe("the simulator's metric sets follow Zendesk's semantics", () => {
  it('T-R: the values of metrics.md §2–5 in whole minutes', () => {
    const v = zendeskMetricValues(seed, ticketTR());
    expect(v.reply.calendar).toBe(20);
    expect(v.firstResolution.calendar).toBe(120);
    expect(v.fullResolution.calendar).toBe(1620);
    expect(v.requesterWait.calendar).toBe(110);
    expect(v.agentWait.calendar).toBe(130);
    expect(v.onHold.calendar).toBe(0);
    expect([v.reopens, v.replies]).toEqual([1, 3]);
    // 2024-03-04 09:00 UTC is 04:00 in New York: the first solve lies before opening hours.
    expect(v.firstResolution.business).toBe(0);
  });

  it('keeps the earlier solve values while reopened (Deskpulse shows none): reason status', () => {
    const sim = ticketTR(1500);
    const v = zendeskMetricValues(seed, sim);
    expect(v.fullResolution.calendar).toBe(120);
    expect(v.requesterWait.calendar).toBe(80);
    expect(v.agentWait.calendar).toBe(40);
    expect(v.reopens).toBe(1);
    expect(expectedAgreementReasons(seed, sim, snapOf('open'))).toEqual({
      full_resolution: 'status_treated_differently',
      requester_wait: 'status_treated_differently',
      agent_wait: 'status_treated_differently',
      on_hold: 'status_treated_differently',
    });
  });

  it("counts an agent-created ticket's creating comment as a reply", () => {
    const sim = ticketTR(Infinity, AGENT);
    expect(zendeskMetricValues(seed, sim).replies).toBe(4);
    expect(zendeskMetricValues(seed, sim).reply.calendar).toBe(20);
    expect(expectedAgreementReasons(seed, sim, snapOf('solved'))).toEqual({
      replies: 'agent_created_ticket',
    });
  });

  it('serves about 2 % of sets stale: as of the update before the last solve, with its updated_at', () => {
    const stale = Array.from({ length: 2000 }, (_, s) => s).filter((s) =>
      isStaleMetricSet(s, ticketTR()),
    );
    expect(stale.length).toBeGreaterThan(20);
    expect(stale.length).toBeLessThan(70);
    const s = stale[0] ?? 0;
    const v = zendeskMetricValues(s, ticketTR());
    expect(v.updatedAt).toBe(at(1530));
    expect(v.fullResolution.calendar).toBe(120);
    expect(v.reopens).toBe(1);
    expect(expectedAgreementReasons(s, ticketTR(), snapOf('solved'))).toEqual({
      '*': 'stale_metric_set',
    });
  });

  it('times a ticket moved to another schedule on the schedule applied last before each metric', () => {
    // T-R moves from New York to London at minute 60 (its third update), before its first solve.
    const sim: SimTicket = { ...ticketTR(), scheduleChange: { updateId: 3, scheduleId: 7002 } };
    const moved = zendeskMetricValues(seed, sim);
    const stayed = zendeskMetricValues(seed, ticketTR());
    // The first reply (09:20 UTC, 04:20 in New York) came before the move: New York, no hours.
    expect([moved.reply.business, stayed.reply.business]).toEqual([0, 0]);
    // Solves after it: the whole span on London's 08:00–16:30, Monday 09:00 UTC on.
    expect([moved.firstResolution.business, stayed.firstResolution.business]).toEqual([120, 0]);
    expect([moved.fullResolution.business, stayed.fullResolution.business]).toEqual([690, 480]);
    // Requester wait, new 20 + open 60 + open 30 minutes, all inside London's hours.
    expect([moved.requesterWait.business, stayed.requesterWait.business]).toEqual([110, 0]);
    // The calendar clock does not care.
    expect(moved.fullResolution.calendar).toBe(stayed.fullResolution.calendar);
    expect(expectedAgreementReasons(seed, sim, snapOf('solved'))).toEqual({
      first_reply: 'schedule_changed',
      first_resolution: 'schedule_changed',
      full_resolution: 'schedule_changed',
      requester_wait: 'schedule_changed',
      agent_wait: 'schedule_changed',
      on_hold: 'schedule_changed',
    });
  });

  it('names a deleted ticket merged_or_deleted on every metric, before any other reason', () => {
    const sim = ticketTR(Infinity, AGENT);
    expect(expectedAgreementReasons(seed, sim, snapOf('deleted'))).toEqual({
      '*': 'merged_or_deleted',
    });
  });
});

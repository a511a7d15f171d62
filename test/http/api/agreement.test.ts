import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpdeskTicketMetrics } from '../../../src/domain/index.js';
import { AGREEMENT_RULES_VERSION } from '../../../src/metrics/agreement.js';
import {
  AgreementDrilldownSchema,
  AgreementReportSchema,
} from '../../../src/services/agreement/contracts.js';
import {
  T0,
  call,
  installation,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };
const RANGE = 'from=2024-03-01&to=2024-03-01';

/** Zendesk's set for support.ts' solved ticket: reply 30, solved at 120 (all new), but 2 replies. */
function zendeskSet(ticketId: string): HelpdeskTicketMetrics {
  const cal = (calendar: number) => ({ calendar, business: null });
  return {
    ticketId,
    replyMinutes: cal(30),
    firstResolutionMinutes: cal(120),
    fullResolutionMinutes: cal(120),
    requesterWaitMinutes: cal(120),
    agentWaitMinutes: cal(0),
    onHoldMinutes: cal(0),
    reopens: 0,
    replies: 2,
    solvedAt: T0 + 120 * 60_000,
    updatedAt: T0 + 120 * 60_000,
  };
}

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  b = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601')]);
  await seed(h, b.id, [solvedTicket('2001', '503', '602')]);
  await h.store.writeSyncPage({
    installationId: a.id,
    stream: 'tickets',
    checkpoint: 'cp-agreement',
    helpdeskMetrics: [zendeskSet('1001')],
  });
  // Generous: the API harness starts an embedded database, slow on a loaded machine.
}, 180_000);

afterAll(async () => {
  await h.close();
});

describe('GET /api/v1/agreement', () => {
  it('per metric and clock: n, within a minute, and the reason of the one difference', async () => {
    const r = await call(h, 'GET', `/api/v1/agreement?${RANGE}`, { token: a.secret });
    expect(r.status).toBe(200);
    const report = AgreementReportSchema.parse(r.json);
    expect(report.tickets).toBe(1);
    const rows = Object.fromEntries(report.rows.map((x) => [`${x.metric}/${x.clock}`, x]));
    // Six calendar durations and two counts; no schedule, so no business clock on either side.
    expect(Object.keys(rows).sort()).toEqual(
      [
        'agent_wait/calendar',
        'first_reply/calendar',
        'first_resolution/calendar',
        'full_resolution/calendar',
        'on_hold/calendar',
        'reopens/count',
        'replies/count',
        'requester_wait/calendar',
      ].sort(),
    );
    expect(rows['first_reply/calendar']).toMatchObject({ n: 1, within: 1, withinShare: 1 });
    expect(rows['replies/count']).toMatchObject({ n: 1, within: 0, withinShare: 0 });
    expect(rows['replies/count']?.topReasons.map((x) => [x.reason, x.count])).toEqual([
      ['unexplained', 1],
    ]);
    expect(report.unexplained).toEqual({ count: 1, share: 1 / 8 });
  });

  it('drills down to the tickets of a reason with both values', async () => {
    const r = await call(
      h,
      'GET',
      `/api/v1/agreement/tickets?${RANGE}&reason=unexplained&metric=replies`,
      { token: a.secret },
    );
    expect(r.status).toBe(200);
    const page = AgreementDrilldownSchema.parse(r.json);
    expect(page.rows).toEqual([
      { ticketId: '1001', metric: 'replies', clock: 'count', ours: 1, theirs: 2, events: [] },
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it("never shows another installation's comparisons", async () => {
    const r = await call(h, 'GET', `/api/v1/agreement?${RANGE}`, { token: b.secret });
    expect(AgreementReportSchema.parse(r.json)).toMatchObject({ tickets: 0, rows: [] });
  });

  it('redoes a comparison made by other rules, and only then', async () => {
    await call(h, 'GET', `/api/v1/agreement?${RANGE}`, { token: a.secret });
    const pending = async (rules: number) =>
      (await h.store.listAgreementWork(a.id, '', 10, rules)).map((w) => w.ticketId);
    // The report stored its comparison with the rules it ran: nothing is pending under them.
    expect(await pending(AGREEMENT_RULES_VERSION)).toEqual([]);
    expect(await pending(AGREEMENT_RULES_VERSION + 1)).toEqual(['1001']);
    expect(await pending(AGREEMENT_RULES_VERSION - 1)).toEqual(['1001']);
  });

  it.each([
    ['from after to', '/api/v1/agreement?from=2024-03-02&to=2024-03-01'],
    [
      'dates that are not dates',
      '/api/v1/agreement?from=1.5&to=00000000-0000-0000-0000-000000000000',
    ],
    ['an unknown parameter', `/api/v1/agreement?${RANGE}&slice=group`],
    ['an unknown reason', `/api/v1/agreement/tickets?${RANGE}&reason=gremlins`],
    [
      'a page smaller than a ticket',
      `/api/v1/agreement/tickets?${RANGE}&reason=unexplained&limit=5`,
    ],
  ])('answers 400 VALIDATION_FAILED for %s', async (_, path) => {
    const r = await call(h, 'GET', path, { token: a.secret });
    expect(r.status).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });
});

import { describe, expect, it } from 'vitest';
import { clocksView } from '../../../plugin/src/sidebar/clocks-view.js';
import { contextView } from '../../../plugin/src/sidebar/context-view.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { RequesterContext, TicketClocks } from '../../../plugin/src/types.js';
import { click, facts, makeDocument, text } from './dom-fixture.js';

const NOW = Date.parse('2024-03-10T12:00:00Z');
const HOSTILE = '<img src=x onerror="alert(1)">';

function context(over: Partial<RequesterContext> = {}): RequesterContext {
  return {
    requesterId: '42',
    name: 'Giulia Rossi',
    counts: { total: 3, open: 1, solved: 2 },
    recentTickets: [
      {
        id: '7',
        status: 'open',
        createdAt: '2024-03-09T10:00:00Z',
        firstReply: null,
        firstResolution: null,
        fullResolution: null,
      },
      {
        id: '5',
        status: 'solved',
        createdAt: '2024-03-01T10:00:00Z',
        firstReply: null,
        firstResolution: null,
        fullResolution: { calendar: 7200, business: 3600 },
      },
    ],
    medianFullResolution: {
      requester: { calendar: 90_000, business: 30_000 },
      team: { calendar: 3600, business: 1800 },
    },
    reopens: { total: 2, last30d: 1, last90d: 2 },
    csat: [
      { ticketId: '5', at: '2024-03-02T10:00:00Z', score: 'bad' },
      { ticketId: '4', at: '2024-02-02T10:00:00Z', score: 'good' },
    ],
    ces: [
      {
        ticketId: '5',
        at: '2024-03-02T10:00:00Z',
        value: 2,
        scaleMin: 1,
        scaleMax: 7,
        direction: 'higher_is_better',
      },
      {
        ticketId: '4',
        at: '2024-02-02T10:00:00Z',
        value: 4,
        scaleMin: 1,
        scaleMax: 5,
        direction: 'lower_is_better',
      },
    ],
    effort: {
      score: 61.6,
      reasons: [
        { driver: 'reopens', tickets: 2, thresholdSeconds: null },
        { driver: 'requesterWaitHours', tickets: 1, thresholdSeconds: 15_300 },
      ],
    },
    risk: {
      level: 'high',
      reasons: [
        { code: 'bad_csat', count: 1, days: 90 },
        { code: 'open_wait', hours: 30 },
        { code: 'recent_contacts', count: 3, days: 7 },
      ],
    },
    asOf: '2024-03-10T11:55:00Z',
    activity: {
      preferredChannel: 'email',
      channels: [
        { channel: 'email', tickets: 2 },
        { channel: 'chat', tickets: 1 },
      ],
      interactionsPerTicket: 3.5,
      resolutionRate: 2 / 3,
    },
    ...over,
  };
}

const options = (opened: string[] = []) => ({
  now: NOW,
  heading: 'Customer',
  currentTicketId: '7',
  openTicket: (id: string) => opened.push(id),
  ticketUrl: (id: string) => `https://acme.zendesk.com/agent/tickets/${id}`,
});

describe('requester context view', () => {
  it('shows backend text as text, never as markup', () => {
    const doc = makeDocument();
    const el = contextView(doc, createTranslator('en'), context({ name: HOSTILE }), options());
    expect(el.querySelector('img')).toBeNull();
    expect(text(el.querySelector('h2'))).toBe(HOSTILE);
  });

  it('words the risk reasons from their codes, in English and in Italian with plurals', () => {
    const doc = makeDocument();
    // The risk reasons' list comes first; the effort drivers' list follows it.
    const reasons = (locale: string) => {
      const el = contextView(doc, createTranslator(locale), context(), options());
      return [...(el.querySelector('.dp-reasons')?.querySelectorAll('li') ?? [])].map((li) =>
        text(li),
      );
    };
    expect(reasons('en')).toEqual([
      '1 bad satisfaction rating in the last 90 days',
      'Open ticket waiting on the team for 1 d 6 h',
      '3 tickets in 7 days',
    ]);
    expect(reasons('it-IT')).toEqual([
      '1 valutazione negativa negli ultimi 90 giorni',
      'Ticket aperto in attesa del team da 1 g 6 h',
      '3 ticket in 7 giorni',
    ]);
  });

  it('shows risk, effort, median vs team, reopens, CSAT and CES each on its own scale', () => {
    const doc = makeDocument();
    const el = contextView(doc, createTranslator('en'), context(), options());
    expect(el.querySelector('.dp-badge')?.getAttribute('data-risk')).toBe('high');
    expect(text(el.querySelector('.dp-badge'))).toBe('High risk');
    const all = text(el);
    expect(all).toContain('62 / 100');
    expect(facts(el)).toEqual({
      Tickets: '3 · 1 open · 2 solved',
      'Median resolution': '1 d 1 h (team 1 h)',
      '… in business hours': '8 h 20 min (team 30 min)',
      Reopens: '2 (30 d: 1, 90 d: 2)',
      'Preferred channel': 'Email (2 tickets) also Chat 1',
      'Messages per ticket': '3.5',
      Resolved: '66.7%',
    });
    expect(all).toContain('2 tickets reopened');
    // "Waited long" says against what: the team's p75 wait, in the text.
    expect(all).toContain("Waited longer than 4 h 15 min (the team's p75 wait) on 1 ticket");
    expect(all).toContain('1 good, 1 bad');
    expect(all).toContain('2 on 1–7 (higher is easier)');
    expect(all).toContain('4 on 1–5 (lower is easier)');
    expect(all).toContain('Updated 5 minutes ago');
  });

  it("names the channels in the user's language, an unknown code as itself", () => {
    const activity = {
      preferredChannel: 'voice',
      channels: [
        { channel: 'voice', tickets: 3 },
        { channel: 'web', tickets: 2 },
        { channel: 'source_42', tickets: 1 },
      ],
      interactionsPerTicket: null,
      resolutionRate: null,
    };
    const el = contextView(
      makeDocument(),
      createTranslator('it'),
      context({ activity }),
      options(),
    );
    expect(facts(el)['Canale preferito']).toBe(
      'Telefono (3 ticket) anche Modulo web 2 · source_42 1',
    );
  });

  it("heads the view with the customer's name, Zendesk's name while the backend has none", () => {
    const doc = makeDocument();
    const named = contextView(doc, createTranslator('en'), context(), options());
    expect(text(named.querySelector('.dp-kicker'))).toBe('Customer');
    expect(text(named.querySelector('h2'))).toBe('Giulia Rossi');
    const fallback = { ...options(), fallbackName: 'G. Rossi' };
    const unnamed = contextView(doc, createTranslator('en'), context({ name: null }), fallback);
    expect(text(unnamed.querySelector('h2'))).toBe('G. Rossi');
  });

  it('lists recent tickets except the one in view, opening them in Zendesk', () => {
    const doc = makeDocument();
    const opened: string[] = [];
    const el = contextView(doc, createTranslator('en'), context(), options(opened));
    const links = [...el.querySelectorAll('.dp-tickets a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://acme.zendesk.com/agent/tickets/5',
    ]);
    expect(text(el.querySelector('.dp-tickets'))).toContain('#5 solved');
    expect(text(el.querySelector('.dp-tickets'))).toContain('resolved in 2 h');
    click(links[0]);
    expect(opened).toEqual(['5']);
  });

  it('leaves out how the customer gets in touch when nothing is known', () => {
    const none = {
      preferredChannel: null,
      channels: [],
      interactionsPerTicket: null,
      resolutionRate: null,
    };
    const el = contextView(
      makeDocument(),
      createTranslator('it'),
      context({ activity: none }),
      options(),
    );
    expect(Object.keys(facts(el))).not.toContain('Canale preferito');
    const it = contextView(makeDocument(), createTranslator('it'), context(), options());
    expect(facts(it)['Canale preferito']).toBe('Email (2 ticket) anche Chat 1');
    expect(facts(it)['Risolti']).toBe('66,7%');
  });

  it('speaks Italian to an Italian agent', () => {
    const doc = makeDocument();
    const el = contextView(
      doc,
      createTranslator('it-IT'),
      context({ effort: null, csat: [], ces: [] }),
      options(),
    );
    const all = text(el);
    expect(all).toContain('Rischio alto');
    expect(facts(el)['Risoluzione mediana']).toBe('1 g 1 h (team 1 h)');
    // One open ticket is "1 aperto", not "1 aperti".
    expect(facts(el)['Ticket']).toBe('3 · 1 aperto · 2 risolti');
    expect(all).toContain('Nessuna valutazione di soddisfazione.');
    expect(el.querySelector('.dp-score')).toBeNull();
  });
});

describe('ticket clocks view', () => {
  const clocks: TicketClocks = {
    ticketId: '7',
    status: 'open',
    createdAt: '2024-03-09T10:00:00Z',
    age: { calendar: 93_600, business: 28_800 },
    ageStoppedAt: null,
    firstReply: { calendar: 5400, business: 1800 },
    requesterWait: { calendar: 93_600, business: 28_800 },
    sla: [
      {
        metric: 'first_reply_time',
        target: 14_400,
        businessHours: true,
        remainingBusinessSeconds: null,
        breachAt: null,
        state: 'achieved',
      },
      {
        metric: 'requester_wait_time',
        target: 28_800,
        businessHours: true,
        remainingBusinessSeconds: 3000,
        breachAt: '2024-03-10T13:00:00Z',
        state: 'active',
      },
      {
        metric: 'next_reply_time',
        target: 3600,
        businessHours: true,
        remainingBusinessSeconds: -600,
        breachAt: '2024-03-10T11:50:00Z',
        state: 'breached',
      },
    ],
    asOf: '2024-03-10T11:59:00Z',
  };

  it('shows business time first with calendar beside it, and SLA time left', () => {
    const doc = makeDocument();
    const el = clocksView(doc, createTranslator('en'), clocks);
    expect(facts(el)).toEqual({
      Age: '8 h (1 d 2 h calendar)',
      'First reply': '30 min (1 h 30 min calendar)',
      'Requester waiting': '8 h (1 d 2 h calendar)',
    });
    const items = [...el.querySelectorAll('.dp-sla-item')];
    expect(
      facts(clocksView(doc, createTranslator('it'), { ...clocks, firstReply: null }))[
        'Prima risposta'
      ],
    ).toBe('non ancora');
    expect(items.map((i) => text(i))).toEqual([
      'First reply met',
      'Requester wait running 50 min left',
      'Next reply breached',
    ]);
    // Under a quarter of the target left, or breached: flagged for the agent.
    expect(items.map((i) => i.classList.contains('dp-urgent'))).toEqual([false, true, true]);
  });

  it('says when the age stopped at the solve', () => {
    const solved = { ...clocks, status: 'solved' as const, ageStoppedAt: '2024-03-10T10:00:00Z' };
    expect(facts(clocksView(makeDocument(), createTranslator('en'), solved))['Age']).toBe(
      '8 h (1 d 2 h calendar) (stopped at the solve)',
    );
  });

  it('never lets a narrow sidebar wrap a number away from its unit', () => {
    const el = clocksView(makeDocument(), createTranslator('en'), clocks);
    const dd = el.querySelector('.dp-fact dd')?.textContent ?? '';
    // textContent keeps the real characters: "1 d 2 h" must be held together by no-break spaces.
    expect(dd).toContain('1\u00a0d\u00a02\u00a0h');
    expect(dd).not.toMatch(/\d [a-z]/);
  });
});

import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { reasonsView, reasonTicketsView } from '../../../plugin/src/reasons/reasons-view.js';
import type { ReasonItem, ReasonsReport } from '../../../src/services/reasons/schemas.js';
import { click, makeDocument, text } from './dom-fixture.js';

const none = { value: null, ci: null, n: 0 };
const item = (over: Partial<ReasonItem>): ReasonItem => ({
  key: 'billing',
  label: 'billing',
  terms: [],
  exampleTicketIds: ['3'],
  volume: 5,
  volumePerDay: 5 / 31,
  share: 0.5,
  previousVolume: 4,
  change: 0.25,
  weekly: [5],
  kpis: {
    resolutionSeconds: { value: 7200, ci: { low: 3600, high: 10_800 }, n: 5 },
    resolutionRate: { value: 1, ci: { low: 0.566, high: 1 }, n: 5 },
    reopenRate: { value: 0.2, ci: { low: 0.036, high: 0.624 }, n: 5 },
    oneTouchRate: none,
    csat: none,
    interactionsPerTicket: { value: 2, ci: null, n: 1 },
    ces: none,
    effort: none,
  },
  cost: { resolutionHours: 10, effortPoints: 0 },
  ...over,
});
const report = (items: ReasonItem[]): ReasonsReport => ({
  from: '2024-03-01',
  to: '2024-03-31',
  by: 'reason',
  businessHours: false,
  previous: { from: '2024-01-31', to: '2024-02-29' },
  tickets: 10,
  items,
});

describe('reasons view', () => {
  it('shows each reason with its KPIs and 95% intervals, and opens its tickets', () => {
    const doc = makeDocument();
    const picked: string[] = [];
    const el = reasonsView(
      doc,
      createTranslator('en'),
      report([item({}), item({ key: 'unspecified', label: 'unspecified', change: null })]),
      {
        by: () => undefined,
        select: (i) => picked.push(i.key),
        download: () => undefined,
      },
    );
    const first = el.querySelector('tr[data-reason="billing"]');
    expect(text(first)).toBe(
      'billing550.0%+25.0%2 h95% 1 h–3 h100.0%95% 56.6%–100.0%20.0%95% 3.6%–62.4%———210 h',
    );
    expect(text(el.querySelector('tr[data-reason="unspecified"]'))).toContain('No reason given');
    expect(text(el.querySelector('tr[data-reason="unspecified"]'))).toContain('new');
    click(first?.querySelector('button'));
    expect(picked).toEqual(['billing']);
  });

  it('speaks Italian and switches to recurring problems', () => {
    const doc = makeDocument();
    const asked: string[] = [];
    const el = reasonsView(
      doc,
      createTranslator('it'),
      report([item({ key: 'ungrouped', label: 'ungrouped' })]),
      {
        by: (by) => asked.push(by),
        select: () => undefined,
        download: () => undefined,
      },
    );
    expect(text(el.querySelector('thead'))).toContain('Tempo di risoluzione');
    expect(text(el.querySelector('tbody'))).toContain('Non raggruppati');
    click(el.querySelector('[data-by="problem"]'));
    expect(asked).toEqual(['problem']);
  });

  it('says when the range has no tickets, and lists a reason’s tickets as text', () => {
    const doc = makeDocument();
    const t = createTranslator('en');
    const empty = reasonsView(doc, t, report([]), {
      by: () => undefined,
      select: () => undefined,
      download: () => undefined,
    });
    expect(text(empty)).toContain('No tickets were created in this range.');
    const opened: string[] = [];
    const list = reasonTicketsView(
      doc,
      t,
      {
        key: 'billing',
        nextCursor: null,
        tickets: [
          {
            ticketId: '7',
            subject: '<b>Invoice</b>',
            createdAt: '2024-03-01T09:00:00.000Z',
            status: 'solved',
            channel: 'email',
            resolutionSeconds: 5400,
            reopens: 0,
            interactions: 3,
            csat: null,
            ces: null,
            effort: null,
          },
        ],
      },
      { openTicket: (id) => opened.push(id), more: null },
    );
    expect(text(list.querySelector('tbody'))).toBe('#7<b>Invoice</b>1 h 30 min3');
    expect(list.querySelector('b')).toBeNull();
    click(list.querySelector('button'));
    expect(opened).toEqual(['7']);
  });
});

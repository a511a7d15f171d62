import { describe, expect, it } from 'vitest';
import {
  agreementRowFor,
  agreementText,
  showAgreementLines,
} from '../../../plugin/src/agreement/agreement-lines.js';
import type { Backend } from '../../../plugin/src/backend.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { AgreementReport } from '../../../src/services/agreement/contracts.js';
import { click, makeDocument, text } from './dom-fixture.js';

const t = createTranslator('en');
const row = (
  metric: AgreementReport['rows'][number]['metric'],
  clock: AgreementReport['rows'][number]['clock'],
  n: number,
  within: number,
) => ({
  metric,
  clock,
  n,
  within,
  withinShare: within / n,
  topReasons:
    n === within
      ? []
      : [{ reason: 'stale_metric_set' as const, count: n - within, description: '' }],
});
const report: AgreementReport = {
  from: '2024-03-01',
  to: '2024-03-28',
  tickets: 1000,
  unexplained: { count: 0, share: 0 },
  rows: [
    row('first_reply', 'calendar', 1000, 987),
    row('first_reply', 'business', 1000, 1000),
    row('reopens', 'count', 1000, 990),
  ],
};

describe('the board line per KPI: agreement with Zendesk', () => {
  it('picks the row of the board clock, and reopens for the reopen rate', () => {
    expect(agreementRowFor(report, 'first_reply', false)?.within).toBe(987);
    expect(agreementRowFor(report, 'first_reply', true)?.within).toBe(1000);
    expect(agreementRowFor(report, 'reopen_rate', true)?.metric).toBe('reopens');
    expect(agreementRowFor(report, 'csat', false)).toBeNull();
  });

  it('says the share within a minute, or that every ticket matches', () => {
    const calendar = agreementRowFor(report, 'first_reply', false);
    const business = agreementRowFor(report, 'first_reply', true);
    if (calendar === null || business === null) throw new Error('rows missing');
    expect(agreementText(t, calendar)).toBe(
      'matches Zendesk on 98.7% of tickets — why the rest differ',
    );
    expect(agreementText(t, business)).toBe('matches Zendesk on all 1,000 tickets');
    expect(agreementText(createTranslator('it'), calendar)).toContain('98,7');
  });

  it('renders a line per KPI Zendesk measures; a line opens its reasons, a reason its tickets', async () => {
    const doc = makeDocument();
    const calls: string[] = [];
    const backend = {
      get: (path: string, query?: Record<string, unknown>) => {
        calls.push(`${path} ${JSON.stringify(query)}`);
        if (path === '/agreement') return Promise.resolve(report);
        return Promise.resolve({
          reason: 'stale_metric_set',
          description: '',
          rows: [
            {
              ticketId: '42',
              metric: 'first_reply',
              clock: 'calendar',
              ours: 30,
              theirs: 12,
              events: [],
            },
          ],
          nextCursor: null,
        });
      },
    } as unknown as Backend;
    const slot = doc.createElement('div');
    const opened: string[] = [];
    await showAgreementLines(
      { doc, t, backend, openTicket: (id) => opened.push(id) },
      slot,
      { from: '2024-03-01', to: '2024-03-28', businessHours: false },
      ['first_reply', 'csat', 'reopen_rate'],
    );
    const lines = [...slot.querySelectorAll('li[data-kpi]')];
    expect(lines.map((l) => l.getAttribute('data-kpi'))).toEqual(['first_reply', 'reopen_rate']);
    const first = lines[0]?.querySelector('button');
    if (first == null) throw new Error('no line button');
    click(first);
    const reason = slot.querySelector('li[data-reason="stale_metric_set"] button');
    if (reason === null) throw new Error('no reason');
    expect(text(reason)).toContain('(13)');
    click(reason);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Exactly the drill-down's query: the API rejects unknown parameters.
    expect(calls.at(-1)).toBe(
      '/agreement/tickets {"from":"2024-03-01","to":"2024-03-28","reason":"stale_metric_set","metric":"first_reply","clock":"calendar","limit":50}',
    );
    const cells = [...slot.querySelectorAll('tbody td')].map((c) => text(c));
    expect(cells).toEqual(['#42', '30', '12']);
  });
});

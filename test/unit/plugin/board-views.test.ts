import { describe, expect, it } from 'vitest';
import { alertsView, drilldownView } from '../../../plugin/src/board/detail-view.js';
import { describeChange, formatValue } from '../../../plugin/src/board/kpis.js';
import { defaultQuery, granularityFor, validRange } from '../../../plugin/src/board/query.js';
import { tilesView } from '../../../plugin/src/board/tiles-view.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { Board, BoardSlice } from '../../../plugin/src/types.js';
import { click, makeDocument, text } from './dom-fixture.js';

const t = createTranslator('en');
const slice = (over: Partial<BoardSlice>): BoardSlice => ({
  sliceValue: '',
  n: 120,
  median: 7200,
  p90: 86_400,
  mean: 9000,
  previous: null,
  change: null,
  ...over,
});
const board = (kpis: Board['kpis']): Board => ({
  from: '2024-03-01',
  to: '2024-03-28',
  businessHours: false,
  attribution: 'assignee',
  previous: { from: '2024-02-02', to: '2024-02-29' },
  kpis,
});

describe('KPI tiles', () => {
  it('one tile per KPI with median, p90, n and a change coloured by what is better', () => {
    const doc = makeDocument();
    const selected: string[] = [];
    const el = tilesView(
      doc,
      t,
      board([
        { kpi: 'full_resolution', unit: 'seconds', slices: [slice({ change: 0.25 })] },
        {
          kpi: 'csat',
          unit: 'ratio',
          slices: [slice({ median: null, p90: null, rate: 0.92, change: 0.1 })],
        },
      ]),
      { select: (kpi, s) => selected.push(`${kpi}/${s}`) },
    );
    const tiles = [...el.querySelectorAll('.dp-tile')];
    expect(tiles.map((x) => text(x))).toEqual([
      'Full resolution time2 hp90 1 d · n 120+25% vs previous period',
      'Satisfaction (CSAT)92%n 120+10% vs previous period',
    ]);
    // Longer resolution is worse; higher CSAT is better.
    expect(tiles.map((x) => x.querySelector('.dp-change')?.className)).toEqual([
      'dp-change dp-change-worse',
      'dp-change dp-change-better',
    ]);
    click(tiles[1]);
    expect(selected).toEqual(['csat/']);
  });

  it('a table per KPI when sliced, with escaped slice names', () => {
    const doc = makeDocument();
    const el = tilesView(
      doc,
      t,
      board([
        {
          kpi: 'first_reply',
          unit: 'seconds',
          slices: [
            slice({ sliceValue: '<b>Tier 1</b>', n: 3 }),
            slice({ sliceValue: 'Tier 2', change: -0.5 }),
          ],
        },
      ]),
      { select: () => undefined },
    );
    expect(el.querySelector('b')).toBeNull();
    const rows = [...el.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((c) => text(c)),
    );
    expect(rows).toEqual([
      ['<b>Tier 1</b>', '2 h', '1 d', '3', '—'],
      ['Tier 2', '2 h', '1 d', '120', '-50% vs previous period'],
    ]);
  });
});

describe('drill-down, explain and alerts', () => {
  it('lists tickets with a link to the events behind each value', () => {
    const doc = makeDocument();
    const explained: string[] = [];
    const el = drilldownView(
      doc,
      t,
      'seconds',
      { tickets: [{ ticketId: '9', value: 5400 }], nextCursor: 'c2' },
      {
        explain: (id) => explained.push(id),
        openTicket: () => undefined,
        more: () => undefined,
      },
    );
    expect(text(el.querySelector('tbody'))).toBe('#91 h 30 minWhy?');
    click(el.querySelector('[data-explain="9"]'));
    expect(explained).toEqual(['9']);
    expect(text(el.querySelector('.dp-button'))).toBe('Show more');
  });

  it('lists alerts with their rule and last firing', () => {
    const doc = makeDocument();
    const el = alertsView(doc, t, [
      {
        id: 'a',
        kpi: 'first_reply',
        rule: { type: 'threshold', op: '>', value: 3600 },
        minSample: 20,
        cooldownMinutes: 60,
        webhookUrl: 'https://x',
        lastFiredAt: null,
        lastValue: null,
      },
      {
        id: 'b',
        kpi: 'reopen_rate',
        rule: { type: 'baseline', worseByPct: 20 },
        minSample: 20,
        cooldownMinutes: 60,
        webhookUrl: 'https://x',
        lastFiredAt: '2024-03-05T10:00:00Z',
        lastValue: 0.2,
      },
    ]);
    expect([...el.querySelectorAll('li')].map((x) => text(x))).toEqual([
      'First reply time when > 1 h · never fired',
      'Reopen rate 20 % worse than usual · last fired Mar 5, 2024',
    ]);
  });
});

describe('board helpers', () => {
  it('formats values by unit and changes by direction', () => {
    expect(formatValue(t, 'seconds', 90)).toBe('1 min');
    expect(formatValue(t, 'ratio', 0.125)).toBe('12.5%');
    expect(formatValue(t, 'score', null)).toBe('—');
    expect(describeChange(t, 'first_reply', -0.2)).toEqual({
      text: '-20% vs previous period',
      tone: 'better',
    });
    expect(describeChange(t, 'one_touch', -0.2)?.tone).toBe('worse');
    expect(describeChange(t, 'aht', 0.001)?.tone).toBe('flat');
    expect(describeChange(t, 'aht', null)).toBeNull();
  });

  it('defaults to the last 28 days and picks a readable granularity', () => {
    const q = defaultQuery(Date.parse('2024-03-28T15:00:00Z'), true);
    expect(q).toEqual({
      from: '2024-03-01',
      to: '2024-03-28',
      businessHours: true,
      slice: 'none',
      attribution: 'assignee',
    });
    expect(granularityFor(q)).toBe('day');
    expect(granularityFor({ from: '2024-01-01', to: '2024-03-31' })).toBe('week');
    expect(validRange({ from: '2024-03-02', to: '2024-03-01' })).toBe(false);
    expect(validRange({ from: '2024-3-1', to: '2024-03-01' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { drilldownView } from '../../../plugin/src/board/detail-view.js';
import { controlsView } from '../../../plugin/src/board/controls.js';
import { describeChange, formatValue } from '../../../plugin/src/board/kpis.js';
import { defaultQuery, granularityFor, validRange } from '../../../plugin/src/board/query.js';
import { hasData, tilesView } from '../../../plugin/src/board/tiles-view.js';
import { createTranslator, type Translator } from '../../../plugin/src/i18n.js';
import { kpiSpec, type KpiId } from '../../../src/metrics/kpi-registry.js';
import type { Board, BoardKpi, BoardSlice } from '../../../src/services/kpi/contracts.js';
import { click, makeDocument, text } from './dom-fixture.js';

const t = createTranslator('en');
const slice = (over: Partial<BoardSlice>): BoardSlice => ({
  sliceValue: '',
  sliceName: null,
  n: 120,
  median: 7200,
  p90: 86_400,
  mean: 9000,
  previous: null,
  change: null,
  ...over,
});
/** A board KPI as the API sends it: the registry's fields and the slices. */
const kpi = (id: KpiId, slices: BoardSlice[]): BoardKpi => {
  const { unit, headline, direction, changeKind, display } = kpiSpec(id);
  return {
    kpi: id,
    unit,
    headline,
    direction,
    changeKind,
    display,
    businessHoursApplied: false,
    unavailable: null,
    slices,
  };
};
const board = (kpis: Board['kpis']): Board => ({
  from: '2024-03-01',
  to: '2024-03-28',
  businessHours: false,
  attribution: 'assignee',
  previous: { from: '2024-02-02', to: '2024-02-29' },
  kpis,
});
const tileTexts = (el: HTMLElement) => [...el.querySelectorAll('.dp-tile')].map((x) => text(x));
const rowsOf = (el: Element) =>
  [...el.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => text(c)));

describe('KPI tiles', () => {
  it('one tile per KPI with median, p90, n and a change coloured by what is better', () => {
    const doc = makeDocument();
    const selected: string[] = [];
    const el = tilesView(
      doc,
      t,
      board([
        kpi('full_resolution', [slice({ change: 0.25 })]),
        kpi('csat', [slice({ median: null, p90: null, rate: 0.92, change: 0.1 })]),
      ]),
      { select: (k, s) => selected.push(`${k}/${s}`) },
      'none',
    );
    const tiles = [...el.querySelectorAll('.dp-tile')];
    expect(tiles.map((x) => text(x))).toEqual([
      'Full resolution time2 hp90 1 d · n 120+25.0% vs previous period',
      // An absolute change of a rate is in percentage points, not a percentage.
      'Satisfaction (CSAT)92.0%Answers: 120+10.0 pts vs previous period',
    ]);
    // Longer resolution is worse; higher CSAT is better.
    expect(tiles.map((x) => x.querySelector('.dp-change')?.className)).toEqual([
      'dp-change dp-change-worse',
      'dp-change dp-change-better',
    ]);
    click(tiles[1]);
    expect(selected).toEqual(['csat/']);
  });

  it("headlines each KPI's registry statistic: AHT mean, CES mean with % easy, NPS score, backlog latest", () => {
    const doc = makeDocument();
    const el = tilesView(
      doc,
      t,
      board([
        kpi('aht', [slice({ median: 1200, mean: 1405, p90: 3000, n: 40, change: -0.1 })]),
        kpi('ces', [slice({ n: 24, median: 4, p90: 6, mean: 3.96, rate: 0.417, change: 0.05 })]),
        kpi('csat', [slice({ rate: 0.8, change: -0.048 })]),
        kpi('nps', [slice({ n: 30, median: null, mean: null, score: 12, change: 5 })]),
        kpi('backlog', [slice({ n: 28, median: 229.5, mean: 230, latest: 192, change: 0.02 })]),
      ]),
      { select: () => undefined },
      'none',
    );
    expect(tileTexts(el)).toEqual([
      'Handle time (AHT)23 minmedian 20 min · p90 50 min · n 40-10.0% vs previous period',
      'Customer effort (CES)3.96 on 1–741.7% easy · n 24+5.0% vs previous period',
      'Satisfaction (CSAT)80.0%Answers: 120-4.8 pts vs previous period',
      'NPS12Answers: 30+5.0 pts vs previous period',
      'Backlog192Days: 28+2.0% vs previous period',
    ]);
  });

  it('says "No data" on a KPI without values, and the board knows when nothing counted', () => {
    const doc = makeDocument();
    const empty = board([
      kpi('first_reply', [slice({ n: 0, median: null, p90: null, mean: null })]),
      kpi('backlog', [slice({ n: 28, latest: 0 })]),
    ]);
    const el = tilesView(doc, t, empty, { select: () => undefined }, 'none');
    expect(tileTexts(el)[0]).toBe('First reply timeNo data');
    expect(hasData(empty)).toBe(false);
  });

  it('a table per KPI when sliced, with escaped slice names', () => {
    const doc = makeDocument();
    const el = tilesView(
      doc,
      t,
      board([
        kpi('first_reply', [
          slice({ sliceValue: '501', sliceName: '<b>Tier 1</b>', n: 3 }),
          slice({ sliceValue: '502', sliceName: 'Tier 2', change: -0.5 }),
        ]),
      ]),
      { select: () => undefined },
      'group',
    );
    expect(el.querySelector('b')).toBeNull();
    expect([...el.querySelectorAll('thead th')].map((c) => text(c))).toEqual([
      'Split by',
      'Median',
      '90th percentile',
      'Tickets',
      'vs previous',
    ]);
    expect(rowsOf(el)).toEqual([
      ['<b>Tier 1</b>', '2 h', '1 d', '3', '—'],
      ['Tier 2', '2 h', '1 d', '120', '-50.0% vs previous period'],
    ]);
  });

  it('fits the columns to the unit: rates under Rate, days under Days, names rows, and asks each row its own slice', () => {
    const doc = makeDocument();
    const selected: string[] = [];
    const el = tilesView(
      doc,
      t,
      board([
        kpi('reopen_rate', [
          slice({ sliceValue: '503', sliceName: 'Billing', rate: 0.1, n: 50, change: 0.02 }),
        ]),
        kpi('backlog', [slice({ sliceValue: '503', n: 28, latest: 17 })]),
        kpi('nps', [slice({ sliceValue: '503', n: 0, previous: null })]),
      ]),
      { select: (k, s) => selected.push(`${k}/${s}`) },
      'group',
    );
    const [rate, backlog, nps] = [...el.querySelectorAll('section')];
    expect([...(rate?.querySelectorAll('thead th') ?? [])].map((c) => text(c))).toEqual([
      'Split by',
      'Rate',
      'Tickets',
      'vs previous',
    ]);
    expect(rowsOf(rate as Element)).toEqual([
      ['Billing', '10.0%', '50', '+2.0 pts vs previous period'],
    ]);
    expect([...(backlog?.querySelectorAll('thead th') ?? [])].map((c) => text(c))).toEqual([
      'Split by',
      'Latest',
      'Days',
      'vs previous',
    ]);
    // An id the helpdesk has not named reads as `#id`.
    expect(rowsOf(backlog as Element)).toEqual([['#503', '17', '28', '—']]);
    expect(text(nps?.querySelector('.dp-no-data'))).toBe('No data');
    click(backlog?.querySelector('tbody button'));
    expect(selected).toEqual(['backlog/503']);
  });

  it("names channel rows in the user's language, and an unknown channel code as itself", () => {
    const byChannel = board([
      kpi('first_reply', [
        slice({ sliceValue: 'voice', sliceName: 'voice' }),
        slice({ sliceValue: 'web', sliceName: 'web' }),
        slice({ sliceValue: 'source_42', sliceName: 'source_42' }),
      ]),
    ]);
    const names = (tr: Translator) =>
      rowsOf(tilesView(makeDocument(), tr, byChannel, { select: () => undefined }, 'channel')).map(
        (r) => r[0],
      );
    expect(names(t)).toEqual(['Phone', 'Web form', 'source_42']);
    expect(names(createTranslator('it'))).toEqual(['Telefono', 'Modulo web', 'source_42']);
  });
});

describe('volume, resolution rate and interactions tiles', () => {
  const kpis = (sliceValue: string) =>
    board([
      kpi('ticket_volume', [
        slice({ sliceValue, n: 28, median: null, p90: null, mean: 12.5, detail: { total: 350 } }),
      ]),
      kpi('resolution_rate', [
        slice({
          sliceValue,
          n: 350,
          median: null,
          p90: null,
          mean: 1.04,
          rate: 1.04,
          detail: { solved: 364, created: 350 },
          change: 0.06,
        }),
      ]),
      kpi('interactions_per_ticket', [slice({ sliceValue, n: 300, mean: 3.25, change: -0.1 })]),
    ]);

  it('headlines the mean per day with the total, solved ÷ created above 100 %, and the mean', () => {
    const el = tilesView(makeDocument(), t, kpis(''), { select: () => undefined }, 'none');
    expect(tileTexts(el)).toEqual([
      'Ticket volume (per day)12.5350 created · 28 days',
      'Resolution rate104.0%364 solved ÷ 350 created+6.0 pts vs previous period',
      'Interactions per ticket3.3Tickets: 300-10.0% vs previous period',
    ]);
  });

  it('puts the total and the solved count in their own columns when sliced', () => {
    const el = tilesView(makeDocument(), t, kpis('503'), { select: () => undefined }, 'group');
    const [volume, rate] = [...el.querySelectorAll('section')];
    const heads = (s: Element | undefined) =>
      [...(s?.querySelectorAll('thead th') ?? [])].map((c) => text(c));
    expect(heads(volume)).toEqual(['Split by', 'Mean', 'Total', 'Days', 'vs previous']);
    expect(rowsOf(volume as Element)).toEqual([['#503', '12.5', '350', '28', '—']]);
    expect(heads(rate)).toEqual(['Split by', 'Rate', 'Solved', 'Tickets', 'vs previous']);
    expect(rowsOf(rate as Element)[0]?.slice(0, 4)).toEqual(['#503', '104.0%', '364', '350']);
  });

  it('reads them in Italian', () => {
    const el = tilesView(
      makeDocument(),
      createTranslator('it'),
      kpis(''),
      { select: () => undefined },
      'none',
    );
    expect(tileTexts(el)[0]).toBe('Volume ticket (al giorno)12,5350 creati · 28 giorni');
  });
});

describe('board controls', () => {
  it('offers no attribution the API refuses, and says the agent slice credits the assignee', () => {
    const doc = makeDocument();
    const q = {
      ...defaultQuery(Date.parse('2024-03-28T15:00:00Z'), false),
      slice: 'agent' as const,
    };
    const el = controlsView(doc, t, q, { change: () => undefined, download: () => undefined });
    expect(el.querySelector('select[name="attribution"]')).toBeNull();
    expect(text(el.querySelector('.dp-attribution'))).toBe('Credit to: Assignee');
  });
});

const row = (ticketId: string, value: number) => ({
  ticketId,
  value,
  at: '2024-03-01T10:00:00.000Z',
  status: 'solved',
  groupId: null,
  groupName: null,
  assigneeId: null,
  assigneeName: null,
  channel: null,
});

describe('drill-down', () => {
  it('lists tickets with a link to the events behind each value', () => {
    const doc = makeDocument();
    const explained: string[] = [];
    const el = drilldownView(
      doc,
      t,
      kpi('first_reply', []),
      { tickets: [row('9', 5400)], nextCursor: 'c2' },
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
});

describe('board helpers', () => {
  it('formats values by unit and changes by direction', () => {
    expect(formatValue(t, kpiSpec('first_reply'), 90)).toBe('1 min');
    expect(formatValue(t, kpiSpec('reopen_rate'), 0.125)).toBe('12.5%');
    expect(formatValue(t, kpiSpec('ces'), null)).toBe('—');
    expect(formatValue(t, kpiSpec('backlog'), 229.5)).toBe('230');
    expect(describeChange(t, kpiSpec('first_reply'), -0.2)).toEqual({
      text: '-20.0% vs previous period',
      tone: 'better',
    });
    expect(describeChange(t, kpiSpec('one_touch'), -0.2)?.text).toBe(
      '-20.0 pts vs previous period',
    );
    expect(describeChange(t, kpiSpec('one_touch'), -0.2)?.tone).toBe('worse');
    expect(describeChange(t, kpiSpec('nps'), 5)?.text).toBe('+5.0 pts vs previous period');
    expect(describeChange(t, kpiSpec('aht'), 0.0004)?.tone).toBe('flat');
    expect(describeChange(t, kpiSpec('aht'), null)).toBeNull();
  });

  it('defaults to the last 28 days and picks a readable granularity', () => {
    const q = defaultQuery(Date.parse('2024-03-28T15:00:00Z'), true);
    expect(q).toEqual({
      from: '2024-03-01',
      to: '2024-03-28',
      businessHours: true,
      slice: 'none',
    });
    expect(granularityFor(q)).toBe('day');
    expect(granularityFor({ from: '2024-01-01', to: '2024-03-31' })).toBe('week');
    expect(validRange({ from: '2024-03-02', to: '2024-03-01' })).toBe(false);
    expect(validRange({ from: '2024-3-1', to: '2024-03-01' })).toBe(false);
  });
});

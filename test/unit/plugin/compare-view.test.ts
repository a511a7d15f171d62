import { describe, expect, it } from 'vitest';
import { compareView, verdictText } from '../../../plugin/src/compare/compare-view.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { CompareReport, KpiComparison } from '../../../src/services/compare/schemas.js';
import { makeDocument, text } from './dom-fixture.js';

const kpi = (over: Partial<KpiComparison>): KpiComparison => ({
  kpi: 'full_resolution',
  unit: 'seconds',
  direction: 'lower_is_better',
  statistic: 'median',
  test: 'mann_whitney',
  a: { value: 7200, n: 40 },
  b: { value: 5400, n: 50 },
  difference: -1800,
  ci: { low: -3600, high: -600 },
  p: 0.0004,
  mde: 1500,
  verdict: 'b_better',
  summary: '',
  ...over,
});

const report: CompareReport = {
  by: 'tag',
  reason: null,
  businessHours: false,
  a: {
    label: 'tag old_macro',
    value: 'old_macro',
    from: '2024-03-01',
    to: '2024-03-31',
    tickets: 40,
    volumePerDay: 40 / 31,
  },
  b: {
    label: 'the rest',
    value: null,
    from: '2024-03-01',
    to: '2024-03-31',
    tickets: 50,
    volumePerDay: 50 / 31,
  },
  overlap: 2,
  alpha: 0.05,
  minSample: 20,
  kpis: [
    kpi({}),
    kpi({
      kpi: 'reopen_rate',
      unit: 'fraction',
      statistic: 'rate',
      test: 'newcombe',
      a: { value: 0.1, n: 40 },
      b: { value: 0.12, n: 50 },
      difference: 0.02,
      ci: { low: -0.1, high: 0.14 },
      p: 0.76,
      mde: 0.17,
      verdict: 'no_difference',
    }),
    kpi({
      kpi: 'ces',
      unit: 'score',
      statistic: 'mean',
      test: 'welch_t',
      a: { value: 5, n: 3 },
      b: { value: null, n: 0 },
      difference: null,
      ci: null,
      p: null,
      mde: null,
      verdict: 'too_few',
    }),
  ],
};

describe('compare view', () => {
  it('shows both cohorts, each KPI with B − A, its interval, p and the verdict (en)', () => {
    const doc = makeDocument();
    const t = createTranslator('en');
    const el = compareView(doc, t, report);
    expect(text(el.querySelector('ul'))).toBe(
      'A: Tag old_macro — 40 tickets (1.3 per day)B: all other tickets — 50 tickets (1.6 per day)',
    );
    expect(text(el.querySelector('p'))).toContain('2 tickets belong to both cohorts');
    const row = (id: string) =>
      [...el.querySelectorAll(`tr[data-kpi="${id}"] td`)].map((td) => text(td));
    expect(row('full_resolution')).toEqual([
      'Resolution time (median)Mann–Whitney U, bootstrap interval',
      '2 hn = 40',
      '1 h 30 minn = 50',
      '−30 min95% −1 h to −10 min',
      '< 0.001',
      'B is better (p < 0.001).',
    ]);
    expect(row('reopen_rate')[3]).toBe('+2 pp95% −10 pp to +14 pp');
    expect(row('reopen_rate')[5]).toBe(
      'No significant difference (p = 0.76). With these samples a difference smaller than 17 pp could go unnoticed.',
    );
    expect(row('ces')[5]).toBe('Too few to call a winner: A has 3, B has 0; 20 each are needed.');
    expect(el.querySelector('tr[data-verdict="b_better"] td:last-child')?.className).toBe(
      'dp-verdict-win',
    );
  });

  it('words the verdicts in Italian with Italian numbers', () => {
    const t = createTranslator('it');
    expect(verdictText(t, report, report.kpis[1] as KpiComparison)).toBe(
      'Nessuna differenza significativa (p = 0,76). Con questi campioni una differenza inferiore a 17 p.p. potrebbe passare inosservata.',
    );
    const periods: CompareReport = {
      ...report,
      by: 'period',
      a: { ...report.a, value: null },
      b: { ...report.b, from: '2024-04-01', to: '2024-04-30' },
    };
    expect(text(compareView(makeDocument(), t, periods).querySelector('ul'))).toBe(
      'A: 1 mar 2024 – 31 mar 2024 — 40 ticket (1,3 al giorno)' +
        'B: 1 apr 2024 – 30 apr 2024 — 50 ticket (1,6 al giorno)',
    );
    const el = compareView(makeDocument(), t, report);
    expect(text(el.querySelector('tr[data-kpi="reopen_rate"] td'))).toContain(
      'Tasso di riapertura',
    );
  });
});

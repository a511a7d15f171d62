import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../plugin/src/backend.js';
import { alertsPanel } from '../../../plugin/src/board/alerts-panel.js';
import { chartData } from '../../../plugin/src/forecast/forecast-chart.js';
import { forecastPanel } from '../../../plugin/src/forecast/forecast-panel.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { ForecastDocument } from '../../../src/services/forecast/schemas.js';
import { makeDocument, text } from './dom-fixture.js';

const band = (mean: number, spread: number) => ({
  mean,
  p80: { low: mean - spread, high: mean + spread },
  p95: { low: mean - 2 * spread, high: mean + 2 * spread },
});
const accuracy = { mape: 12.4, mapePoints: 700, coverage80: 0.81, coverage95: 0.94, points: 700 };
const doc14: ForecastDocument = {
  group: null,
  timeZone: 'UTC',
  asOf: '2024-03-03',
  status: 'ok',
  model: 'Holt-Winters',
  history: [
    { date: '2024-03-02', created: 20, solved: 15, backlog: 300, isHoliday: false },
    { date: '2024-03-03', created: 14, solved: 9, backlog: 305, isHoliday: false },
  ],
  daily: Array.from({ length: 14 }, (_, k) => ({
    date: `2024-03-${String(4 + k).padStart(2, '0')}`,
    isHoliday: k === 4,
    created: band(80 - k, 9),
    solved: band(k === 4 ? 0 : 75, 8),
    backlog: band(310 + 5 * k, 10 + k),
  })),
  hourly: [],
  backtest: {
    weeks: 8,
    horizonDays: 14,
    origins: 56,
    from: '2024-01-08',
    to: '2024-03-03',
    created: accuracy,
    solved: accuracy,
    backlog: { ...accuracy, mape: 3.2 },
  },
};

function fakeBackend(answer: () => Promise<unknown>, calls: unknown[]): Backend {
  const refuse = () => Promise.reject(new Error('not used'));
  return {
    get: <T>(path: string, query?: unknown) => {
      calls.push({ path, query });
      return answer() as Promise<T>;
    },
    getText: refuse,
    post: refuse,
    put: refuse,
    patch: refuse,
    delete: refuse,
  };
}

describe('board forecast panel', () => {
  for (const lang of ['en', 'it'] as const) {
    it(`shows the chart, the backtest and 14 days with their 80 % bands (${lang})`, async () => {
      const t = createTranslator(lang);
      const doc = makeDocument();
      const calls: unknown[] = [];
      const drawn: ForecastDocument[] = [];
      const panel = forecastPanel(
        doc,
        t,
        fakeBackend(() => Promise.resolve(doc14), calls),
        (_el, _t, f) => {
          drawn.push(f);
        },
      );
      await panel.load();
      expect(calls).toEqual([{ path: '/forecast', query: {} }]);
      expect(drawn).toHaveLength(1);
      const rows = [...panel.element.querySelectorAll('tbody tr')];
      expect(rows).toHaveLength(14);
      // Monday 4 March: 80 created (71–89), 75 solved (67–83), backlog 310 (300–320), 95 % 290–330.
      expect([...(rows[0]?.children ?? [])].slice(1).map((c) => text(c))).toEqual([
        '80 (71–89)',
        '75 (67–83)',
        '310 (300–320)',
        '290–330',
      ]);
      expect(rows[4]?.getAttribute('class')).toBe('dp-holiday');
      expect(text(rows[4])).toContain(t('ui.forecast.holiday'));
      const accuracyText = text(panel.element.querySelector('.dp-forecast-accuracy'));
      expect(accuracyText).toContain('56');
      // Every percentage with the registry's one decimal, in the agent's locale.
      expect(accuracyText).toMatch(/12[.,]4\s?%/);
      expect(accuracyText).toMatch(/81[.,]0\s?%/);
      expect(accuracyText).toMatch(/94[.,]0\s?%/);
    });
  }

  it('offers groups by name, asks for the one picked, and says when history is too short', async () => {
    const t = createTranslator('en');
    const doc = makeDocument();
    const calls: unknown[] = [];
    const panel = forecastPanel(
      doc,
      t,
      fakeBackend(() => Promise.resolve({ ...doc14, status: 'insufficient_history' }), calls),
      () => undefined,
    );
    panel.setGroups([
      { id: '800', name: 'Tier 2' },
      { id: '700', name: 'Billing' },
    ]);
    const select = panel.element.querySelector('select');
    if (select === null) throw new Error('no group field');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', t('ui.forecast.whole_team')],
      ['700', 'Billing'],
      ['800', 'Tier 2'],
    ]);
    select.options[0]?.removeAttribute('selected');
    select.options[2]?.setAttribute('selected', '');
    await panel.load();
    expect(calls).toEqual([{ path: '/forecast', query: { group: '800' } }]);
    expect(text(panel.element)).toContain(t('ui.forecast.insufficient'));
  });

  it('shows an error with a retry when the backend fails', async () => {
    const t = createTranslator('en');
    const doc = makeDocument();
    const panel = forecastPanel(
      doc,
      t,
      fakeBackend(() => Promise.reject(new Error('boom')), []),
      () => undefined,
    );
    await panel.load();
    expect(panel.element.querySelector('tbody')).toBeNull();
    expect(panel.element.querySelector('button')).not.toBeNull();
  });
});

describe('forecast chart data', () => {
  it('joins the band to the last actual day and leaves history without a forecast', () => {
    const [xs, actual, mean, low80, high80, low95, high95] = chartData(doc14);
    expect(xs).toHaveLength(16);
    expect(actual?.slice(0, 2)).toEqual([300, 305]);
    expect(actual?.slice(2).every((v) => v === null)).toBe(true);
    expect(mean?.slice(0, 3)).toEqual([null, 305, 310]);
    expect(low80?.[2]).toBe(300);
    expect(high80?.[2]).toBe(320);
    expect(low95?.[15]).toBe(doc14.daily[13]?.backlog.p95.low);
    expect(high95?.[15]).toBe(doc14.daily[13]?.backlog.p95.high);
  });
});

describe('forecast alert in the alerts list', () => {
  it('describes a forecast_backlog rule in the language of the agent', async () => {
    for (const lang of ['en', 'it'] as const) {
      const t = createTranslator(lang);
      const doc = makeDocument();
      const alert = {
        id: 'a1',
        kpi: 'backlog',
        rule: { type: 'forecast_backlog', above: 250 },
        minSample: 28,
        cooldownMinutes: 60,
        webhookUrl: 'https://hooks.example.com/x',
        businessHours: false,
        lastFiredAt: null,
        lastValue: null,
        muted: false,
        mutedUntil: null,
      };
      const panel = alertsPanel(
        doc,
        t,
        fakeBackend(() => Promise.resolve({ alerts: [alert] }), []),
        () => Date.UTC(2024, 2, 4),
      );
      await panel.load();
      expect(text(panel.element)).toContain(t('ui.forecast.alert_rule', { value: 250 }));
    }
  });
});

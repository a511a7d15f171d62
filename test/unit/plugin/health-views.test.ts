import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../plugin/src/backend.js';
import { alertsPanel } from '../../../plugin/src/board/alerts-panel.js';
import { healthPanel } from '../../../plugin/src/health/health-panel.js';
import { reasonText } from '../../../plugin/src/health/health-view.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type {
  HealthAccount,
  HealthAccountDetail,
  HealthAccounts,
} from '../../../src/services/health/schemas.js';
import { makeDocument, text } from './dom-fixture.js';

const BAD_CSAT = { signal: 'bad_csat', value: 1, baseline: 0.25, points: 20 } as const;
const WAIT = { signal: 'wait', value: 22.5, baseline: 11, points: 15 } as const;
const account: HealthAccount = {
  accountId: '90001',
  kind: 'organization',
  name: 'Organisation 1',
  day: '2024-03-04',
  score: 59.6,
  status: 'at_risk',
  tickets: 12,
  reasons: [BAD_CSAT, WAIT],
  signals: {
    volume: 12,
    previousVolume: 5,
    badCsat: { n: 3, of: 3 },
    lowCes: { n: 0, of: 0 },
    reopens: { n: 1, of: 12 },
    escalations: { n: 0, of: 12 },
    effort: 20,
    waitHours: 22.5,
    open: 2,
  },
  value: 48000,
  valueAtRisk: 48000,
  trend: [
    { day: '2024-03-03', score: 81, status: 'healthy' },
    { day: '2024-03-04', score: 59.6, status: 'at_risk' },
  ],
};
const list: HealthAccounts = {
  from: '2024-02-04',
  to: '2024-03-04',
  timeZone: 'UTC',
  accounts: [account],
  totals: { accounts: 40, atRisk: 1, watch: 3, valueAtRisk: 48000 },
};
const detail: HealthAccountDetail = {
  account,
  tickets: [
    {
      ticketId: '77',
      createdAt: '2024-03-01T10:00:00.000Z',
      open: true,
      csat: 'bad',
      reopened: false,
      escalated: true,
    },
  ],
};

function fakeBackend(calls: string[]): Backend {
  const refuse = () => Promise.reject(new Error('not used'));
  return {
    get: <T>(path: string) => {
      calls.push(path);
      return Promise.resolve((path === '/health/accounts' ? list : detail) as T);
    },
    getText: refuse,
    post: refuse,
    put: refuse,
    patch: refuse,
    delete: refuse,
  };
}

describe('board accounts at risk', () => {
  it('lists the account with its score, value at risk, reasons and trend, in both languages', async () => {
    for (const lang of ['en', 'it'] as const) {
      const t = createTranslator(lang);
      const doc = makeDocument();
      const calls: string[] = [];
      const panel = healthPanel(doc, t, fakeBackend(calls), {
        openTicket: () => undefined,
        save: () => undefined,
      });
      await panel.load();
      const row = panel.element.querySelector('.dp-health-table tbody tr');
      expect(row).not.toBeNull();
      const shown = text(row);
      // 59.6 is below 60: shown rounded down, never as 60.
      expect(shown).toContain(`59 · ${t('ui.health.status.at_risk')}`);
      expect(shown).toContain(reasonText(t, BAD_CSAT));
      expect(row?.querySelectorAll('polyline')).toHaveLength(1);
      expect(calls).toEqual(['/health/accounts']);
    }
  });

  it('names the signal, the value and the team baseline in a reason', () => {
    expect(reasonText(createTranslator('en'), BAD_CSAT)).toBe('Bad ratings 100.0% (team 25.0%)');
    expect(reasonText(createTranslator('it'), WAIT)).toBe('Attesa mediana 22,5 h (team 11 h)');
  });

  it("opens an account's tickets", async () => {
    const t = createTranslator('en');
    const doc = makeDocument();
    const calls: string[] = [];
    const opened: string[] = [];
    const panel = healthPanel(doc, t, fakeBackend(calls), {
      openTicket: (id) => opened.push(id),
      save: () => undefined,
    });
    await panel.load();
    (panel.element.querySelector('.dp-health-table button.dp-link') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toContain('/health/accounts/90001');
    const row = panel.element.querySelector('.dp-health-tickets tbody tr');
    expect(text(row as Element)).toContain('open · rated bad · escalated');
  });
});

describe('account at risk alert', () => {
  it('describes the rule in the alerts list', async () => {
    const t = createTranslator('it');
    const doc = makeDocument();
    const alert = {
      id: 'a1',
      kpi: 'csat',
      rule: { type: 'account_at_risk', minValue: 50000 },
      minSample: 10,
      cooldownMinutes: 60,
      webhookUrl: 'https://hooks.example.com/x',
      businessHours: false,
      lastFiredAt: null,
      lastValue: null,
      muted: false,
      mutedUntil: null,
    };
    const backend = {
      ...fakeBackend([]),
      get: <T>() => Promise.resolve({ alerts: [alert] } as T),
    };
    const panel = alertsPanel(doc, t, backend, () => Date.UTC(2024, 2, 4));
    await panel.load();
    expect(text(panel.element)).toContain(
      t('ui.health.alert_rule', { value: (50000).toLocaleString('it') }),
    );
  });
});

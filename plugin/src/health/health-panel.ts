import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { dataTable, h, replaceChildren, ticketLinkCell } from '../dom.js';
import { formatDate, formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import { emptyView, errorView, loadingView } from '../states.js';
import type {
  HealthAccount,
  HealthAccountDetail,
  HealthAccounts,
} from '../../../src/services/health/schemas.js';
import { healthRange } from './range.js';
import { reasonText, scoreBadge, sparkline } from './health-view.js';

export interface HealthPanelActions {
  openTicket: (ticketId: string) => void;
  save: (csv: string, name: string) => void;
}

/**
 * The board's accounts at risk: ranked by value at risk when values are known (else by score),
 * each with its score, top reasons and trend; a row opens the account's tickets.
 */
export function healthPanel(
  doc: Document,
  t: Translator,
  backend: Backend,
  actions: HealthPanelActions,
  now: () => number = Date.now,
) {
  const body = h(doc, 'div', { class: 'dp-slot' });
  const detail = h(doc, 'div', { class: 'dp-slot' });
  const csv = h(
    doc,
    'button',
    { class: 'dp-button', attrs: { type: 'button' }, on: { click: () => void download() } },
    t('ui.health.csv'),
  );
  const element = h(doc, 'div', null, h(doc, 'div', { class: 'dp-controls' }, csv), body, detail);

  const load = async (): Promise<void> => {
    replaceChildren(doc, body, loadingView(doc, t('ui.health.loading')));
    try {
      const doc0 = await backend.get<HealthAccounts>('/health/accounts', {
        ...healthRange(now()),
        status: 'at_risk',
        limit: 50,
      });
      replaceChildren(doc, body, summary(doc0), accountsTable(doc0));
    } catch (e) {
      replaceChildren(
        doc,
        body,
        errorView(doc, t, describeError(t, e), () => void load()),
      );
    }
  };

  const summary = (list: HealthAccounts) =>
    h(
      doc,
      'p',
      null,
      t('ui.health.summary', {
        atRisk: list.totals.atRisk,
        accounts: list.totals.accounts,
        watch: list.totals.watch,
      }),
      list.totals.valueAtRisk === null
        ? null
        : ` ${t('ui.health.value_at_risk_total', { value: formatNumber(t, list.totals.valueAtRisk, 0) })}`,
    );

  const accountsTable = (list: HealthAccounts) => {
    if (list.accounts.length === 0) return emptyView(doc, t('ui.health.none_at_risk'));
    const hasValue = list.totals.valueAtRisk !== null;
    return dataTable(
      doc,
      { class: 'dp-table dp-health-table' },
      [
        t('ui.health.account'),
        t('ui.health.score'),
        hasValue ? t('ui.health.value_at_risk') : null,
        t('ui.health.reasons'),
        t('ui.health.trend'),
      ],
      list.accounts.map((a) => accountRow(a, hasValue)),
    );
  };

  const accountRow = (a: HealthAccount, hasValue: boolean) =>
    h(
      doc,
      'tr',
      null,
      h(
        doc,
        'td',
        null,
        h(
          doc,
          'button',
          { class: 'dp-link', attrs: { type: 'button' }, on: { click: () => void showAccount(a) } },
          a.name ?? a.accountId,
        ),
      ),
      h(doc, 'td', null, scoreBadge(doc, t, a)),
      hasValue
        ? h(
            doc,
            'td',
            null,
            a.valueAtRisk === null ? t('ui.common.none') : formatNumber(t, a.valueAtRisk, 0),
          )
        : null,
      h(
        doc,
        'td',
        null,
        a.reasons
          .slice(0, 3)
          .map((r) => reasonText(t, r))
          .join(' · '),
      ),
      h(doc, 'td', null, sparkline(doc, t, a)),
    );

  const showAccount = async (a: HealthAccount) => {
    replaceChildren(doc, detail, loadingView(doc, t('ui.health.loading')));
    try {
      const d = await backend.get<HealthAccountDetail>(
        `/health/accounts/${encodeURIComponent(a.accountId)}`,
        healthRange(now()),
      );
      replaceChildren(
        doc,
        detail,
        h(
          doc,
          'h3',
          { class: 'dp-section-title' },
          t('ui.health.tickets_of', { name: a.name ?? a.accountId }),
        ),
        d.tickets.length === 0 ? emptyView(doc, t('ui.health.no_tickets')) : ticketsTable(d),
      );
    } catch (e) {
      replaceChildren(doc, detail, errorView(doc, t, describeError(t, e)));
    }
  };

  const ticketsTable = (d: HealthAccountDetail) =>
    dataTable(
      doc,
      { class: 'dp-table dp-health-tickets' },
      [t('ui.health.ticket'), t('ui.health.created'), t('ui.health.facts')],
      d.tickets.map((tk) =>
        h(
          doc,
          'tr',
          null,
          ticketLinkCell(doc, tk.ticketId, actions.openTicket),
          h(doc, 'td', null, formatDate(t, tk.createdAt)),
          h(
            doc,
            'td',
            null,
            [
              tk.open ? t('ui.health.fact.open') : null,
              tk.csat === 'bad' ? t('ui.health.fact.bad_csat') : null,
              tk.reopened ? t('ui.health.fact.reopened') : null,
              tk.escalated ? t('ui.health.fact.escalated') : null,
            ]
              .filter((x) => x !== null)
              .join(' · '),
          ),
        ),
      ),
    );

  const download = async () => {
    try {
      const range = healthRange(now());
      const text = await backend.getText('/health/accounts.csv', { ...range, limit: 1000 });
      actions.save(text, `deskpulse-health-${range.to}.csv`);
    } catch (e) {
      replaceChildren(doc, detail, errorView(doc, t, describeError(t, e)));
    }
  };

  return { element, load };
}

import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren, ticketLinkCell } from '../dom.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import { errorView, loadingView } from '../states.js';
import { kpiLabel } from '../board/kpis.js';
import type {
  AgreementDrilldown,
  AgreementReport,
  AgreementRow,
} from '../../../src/services/agreement/contracts.js';

/** The board KPIs Zendesk has a number for, and the agreement metric that is theirs. */
const KPI_METRICS: Record<string, AgreementRow['metric']> = {
  first_reply: 'first_reply',
  first_resolution: 'first_resolution',
  full_resolution: 'full_resolution',
  requester_wait: 'requester_wait',
  reopen_rate: 'reopens',
};

/** The agreement row behind a board KPI on the board's clock, or null when Zendesk has none. */
export function agreementRowFor(
  report: AgreementReport,
  kpi: string,
  businessHours: boolean,
): AgreementRow | null {
  const metric = KPI_METRICS[kpi];
  if (metric === undefined) return null;
  const clock = metric === 'reopens' ? 'count' : businessHours ? 'business' : 'calendar';
  return report.rows.find((r) => r.metric === metric && r.clock === clock && r.n > 0) ?? null;
}

/** "Matches Zendesk on 98.7 % of tickets — why the rest differ", or the all-match line. */
export function agreementText(t: Translator, row: AgreementRow): string {
  if (row.within === row.n) return t('ui.agreement.all_match', { n: formatNumber(t, row.n, 0) });
  return t('ui.agreement.line', { pct: formatPercent(t, row.withinShare ?? 0) });
}

interface Env {
  doc: Document;
  t: Translator;
  backend: Backend;
  openTicket: (ticketId: string) => void;
}

/**
 * Under the board's tiles, one line per KPI saying how often it matches Zendesk's own number in
 * the range; a line opens the reasons of the differences, a reason its tickets with both values.
 */
export async function showAgreementLines(
  env: Env,
  slot: HTMLElement,
  query: { from: string; to: string; businessHours: boolean },
  kpis: readonly string[],
): Promise<void> {
  const { doc, t, backend } = env;
  const box = h(doc, 'section', { class: 'dp-section dp-agreement' });
  slot.append(box);
  replaceChildren(doc, box, loadingView(doc, t('ui.agreement.loading')));
  let report: AgreementReport;
  try {
    report = await backend.get<AgreementReport>('/agreement', { from: query.from, to: query.to });
  } catch (e) {
    replaceChildren(doc, box, errorView(doc, t, describeError(t, e)));
    return;
  }
  const detail = h(doc, 'div', { class: 'dp-slot' });
  const lines = kpis.flatMap((kpi) => {
    const row = agreementRowFor(report, kpi, query.businessHours);
    if (row === null) return [];
    const open = () => {
      replaceChildren(doc, detail, reasonsView(env, row, query));
    };
    return [
      h(
        doc,
        'li',
        { attrs: { 'data-kpi': kpi } },
        `${kpiLabel(t, kpi)}: `,
        row.within === row.n
          ? agreementText(t, row)
          : h(
              doc,
              'button',
              { class: 'dp-link', attrs: { type: 'button' }, on: { click: open } },
              agreementText(t, row),
            ),
      ),
    ];
  });
  replaceChildren(
    doc,
    box,
    h(doc, 'h3', { class: 'dp-section-title' }, t('ui.agreement.title')),
    lines.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.agreement.none'))
      : h(doc, 'ul', { class: 'dp-agreement-lines' }, ...lines),
    detail,
  );
}

/** The reasons of one row's differences, each opening its tickets. */
function reasonsView(
  env: Env,
  row: AgreementRow,
  query: { from: string; to: string },
): HTMLElement {
  const { doc, t } = env;
  const tickets = h(doc, 'div', { class: 'dp-slot' });
  const items = row.topReasons.map((r) =>
    h(
      doc,
      'li',
      { attrs: { 'data-reason': r.reason } },
      h(
        doc,
        'button',
        {
          class: 'dp-link',
          attrs: { type: 'button' },
          on: {
            click: () =>
              void showTickets(env, tickets, {
                from: query.from,
                to: query.to,
                reason: r.reason,
                metric: row.metric,
                clock: row.clock,
              }),
          },
        },
        `${t(`ui.agreement.reason.${r.reason}`)} (${formatNumber(t, r.count, 0)})`,
      ),
    ),
  );
  return h(doc, 'div', null, h(doc, 'ul', null, ...items), tickets);
}

async function showTickets(
  env: Env,
  slot: HTMLElement,
  q: { from: string; to: string; reason: string; metric: string; clock: string },
): Promise<void> {
  const { doc, t, backend } = env;
  replaceChildren(doc, slot, loadingView(doc, t('ui.agreement.loading')));
  try {
    const page = await backend.get<AgreementDrilldown>('/agreement/tickets', { ...q, limit: 50 });
    const value = (v: number | null) => (v === null ? t('ui.common.none') : formatNumber(t, v, 1));
    const header = h(
      doc,
      'tr',
      null,
      ...['ticket', 'deskpulse', 'zendesk'].map((c) =>
        h(doc, 'th', { attrs: { scope: 'col' } }, t(`ui.agreement.col_${c}`)),
      ),
    );
    const rows = page.rows.map((r) =>
      h(
        doc,
        'tr',
        null,
        ticketLinkCell(doc, r.ticketId, env.openTicket),
        h(doc, 'td', null, value(r.ours)),
        h(doc, 'td', null, value(r.theirs)),
      ),
    );
    replaceChildren(
      doc,
      slot,
      h(
        doc,
        'table',
        { class: 'dp-table' },
        h(doc, 'thead', null, header),
        h(doc, 'tbody', null, ...rows),
      ),
    );
  } catch (e) {
    replaceChildren(doc, slot, errorView(doc, t, describeError(t, e)));
  }
}

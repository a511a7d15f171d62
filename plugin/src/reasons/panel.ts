import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { errorView, loadingView } from '../states.js';
import type {
  ReasonItem,
  ReasonsBy,
  ReasonsReport,
  ReasonTickets,
} from '../../../src/services/reasons/schemas.js';
import { reasonsView, reasonTicketsView } from './reasons-view.js';

/** The board's range as the reasons view needs it. */
export interface ReasonsRange {
  from: string;
  to: string;
  businessHours: boolean;
}

/**
 * The "Reasons" view of the board: why customers got in touch (contact reasons, or recurring
 * problems found in subjects), ranked by what they cost, with drill-down to tickets and CSV.
 * It follows the board's range: the board calls `load` whenever that changes.
 */
export function reasonsPanel(
  doc: Document,
  t: Translator,
  backend: Backend,
  env: { openTicket: (id: string) => void; save: (csv: string, name: string) => void },
): { element: HTMLElement; load: (range: ReasonsRange) => Promise<void> } {
  const table = h(doc, 'div', { class: 'dp-slot' });
  const detail = h(doc, 'div', { class: 'dp-slot dp-detail' });
  const element = h(doc, 'div', { attrs: { 'data-view': 'reasons' } }, table, detail);
  let range: ReasonsRange | null = null;
  let by: ReasonsBy = 'reason';

  const load = async () => {
    if (range === null) return;
    const query = { ...range, by };
    replaceChildren(doc, table, loadingView(doc, t('ui.reasons.loading')));
    replaceChildren(doc, detail);
    try {
      const report = await backend.get<ReasonsReport>('/reasons', query);
      replaceChildren(
        doc,
        table,
        reasonsView(doc, t, report, {
          by: (next) => {
            by = next;
            void load();
          },
          select: (item) => void showTickets(item, undefined, []),
          download: () => void download(),
        }),
      );
    } catch (e) {
      replaceChildren(
        doc,
        table,
        errorView(doc, t, describeError(t, e), () => void load()),
      );
    }
  };

  const showTickets = async (
    item: ReasonItem,
    cursor: string | undefined,
    rows: ReasonTickets['tickets'],
  ) => {
    if (range === null) return;
    const title = h(doc, 'h3', { class: 'dp-section-title' }, item.label);
    if (cursor === undefined)
      replaceChildren(doc, detail, title, loadingView(doc, t('ui.drilldown.loading')));
    try {
      const page = await backend.get<ReasonTickets>('/reasons/tickets', {
        ...range,
        by,
        key: item.key,
        limit: 50,
        cursor,
      });
      const all = [...rows, ...page.tickets];
      const next = page.nextCursor;
      replaceChildren(
        doc,
        detail,
        title,
        reasonTicketsView(
          doc,
          t,
          { ...page, tickets: all },
          {
            openTicket: env.openTicket,
            more: next === null ? null : () => void showTickets(item, next, all),
          },
        ),
      );
    } catch (e) {
      replaceChildren(doc, detail, title, errorView(doc, t, describeError(t, e)));
    }
  };

  const download = async () => {
    if (range === null) return;
    try {
      const csv = await backend.getText('/reasons/export.csv', { ...range, by });
      env.save(csv, `deskpulse-${by}s-${range.from}-${range.to}.csv`);
    } catch (e) {
      replaceChildren(doc, detail, errorView(doc, t, describeError(t, e)));
    }
  };

  return {
    element,
    load: (next) => {
      range = next;
      return load();
    },
  };
}

import type { Backend } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { emptyView, errorView, loadingView, loadInto } from '../states.js';
import type {
  BoardDocument,
  BoardKpi,
  Drilldown,
  Trend,
} from '../../../src/services/kpi/contracts.js';
import type { Explanation } from '../types.js';
import type { ZafClient } from '../zaf.js';
import { drawTrend } from './chart.js';
import { trendTable } from './trend-table.js';
import { controlsView } from './controls.js';
import { explainView } from '../explain/explain-view.js';
import { alertsPanel } from './alerts-panel.js';
import { showAgreementLines } from '../agreement/agreement-lines.js';
import { forecastPanel } from '../forecast/forecast-panel.js';
import { drilldownView } from './detail-view.js';
import { kpiLabel } from './kpis.js';
import type { BoardQuery } from './query.js';
import { defaultQuery, granularityFor, validRange } from './query.js';
import { reanalysisBanner } from './reanalysis-banner.js';
import { hasData, tilesView, WHOLE_TEAM } from './tiles-view.js';
import { reasonsPanel } from '../reasons/panel.js';
import { saveCsv } from '../reasons/save-csv.js';
import { comparePanel } from '../compare/compare-panel.js';
import { healthPanel } from '../health/health-panel.js';
import { whatIfSection } from '../whatif/whatif-section.js';

export interface BoardEnv {
  client: ZafClient;
  doc: Document;
  win: Window;
  root: HTMLElement;
  t: Translator;
  backend: Backend;
  businessHoursDefault: boolean;
}

/** The team-lead board in the nav_bar: KPI tiles, trend, drill-down, explain, CSV, alerts. */
export async function runBoard(env: BoardEnv): Promise<void> {
  const { doc, t, backend } = env;
  let query = defaultQuery(Date.now(), env.businessHoursDefault);
  const controlsSlot = h(doc, 'div', { class: 'dp-slot' });
  const message = h(doc, 'div', { class: 'dp-slot', attrs: { role: 'status' } });
  const tilesSlot = h(doc, 'div', { class: 'dp-slot' });
  const detailSlot = h(doc, 'div', { class: 'dp-slot dp-detail' });
  const alertsSlot = h(doc, 'section', { class: 'dp-section' });
  const reasons = reasonsPanel(doc, t, backend, {
    openTicket: (id) => void env.client.invoke('routeTo', 'ticket', id),
    save: (csv, name) => {
      saveCsv(doc, env.win, csv, name);
    },
  });
  const compare = comparePanel(doc, t, backend, {
    save: (csv, name) => {
      saveCsv(doc, env.win, csv, name);
    },
  });
  const forecastSlot = h(doc, 'section', { class: 'dp-section' });
  const healthSlot = h(doc, 'section', { class: 'dp-section' });
  replaceChildren(
    doc,
    env.root,
    h(doc, 'h1', { class: 'dp-title' }, t('ui.board.title')),
    controlsSlot,
    message,
    tilesSlot,
    detailSlot,
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.reasons.title')),
    h(doc, 'section', { class: 'dp-section' }, reasons.element),
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.compare.title')),
    h(doc, 'section', { class: 'dp-section' }, compare.element),
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.forecast.title')),
    forecastSlot,
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.health.board_title')),
    healthSlot,
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.alerts.title')),
    alertsSlot,
  );
  const params = (q: BoardQuery) => ({ from: q.from, to: q.to, businessHours: q.businessHours });

  const loadBoard = async () => {
    replaceChildren(
      doc,
      controlsSlot,
      controlsView(doc, t, query, { change, download: () => void download() }),
    );
    replaceChildren(doc, detailSlot);
    void reasons.load(params(query));
    void compare.load(params(query));
    await loadInto(env, tilesSlot, {
      loading: t('ui.board.loading'),
      request: () =>
        backend.get<BoardDocument>('/kpis/board', { ...params(query), slice: query.slice }),
      // An empty range still gets its tiles (each says it has no data) under one explanation.
      render: (board) => {
        // The agreement lines load on their own and append under the tiles drawn below.
        const openTicket = (id: string) => void env.client.invoke('routeTo', 'ticket', id);
        void showAgreementLines(
          { doc, t, backend, openTicket },
          tilesSlot,
          query,
          board.kpis.map((k) => k.kpi),
        );
        return [
          reanalysisBanner(doc, t, board.reanalysis),
          hasData(board) ? null : emptyView(doc, t('ui.board.no_data')),
          tilesView(
            doc,
            t,
            board,
            {
              select: (kpi, sliceValue, sliceName) => {
                const k = board.kpis.find((x) => x.kpi === kpi);
                if (k !== undefined) void showDetail(k, sliceValue, sliceName);
              },
            },
            query.slice,
          ),
        ];
      },
    });
  };
  const change = (q: BoardQuery) => {
    if (!validRange(q)) {
      replaceChildren(doc, message, errorView(doc, t, t('ui.board.bad_range')));
      return;
    }
    replaceChildren(doc, message);
    query = q;
    void loadBoard();
  };

  const showDetail = async (k: BoardKpi, sliceValue: string, sliceName: string) => {
    const { kpi } = k;
    // The cell's own slice, so a row's trend and tickets are that row's, not the whole team's.
    const cell = sliceValue === WHOLE_TEAM ? { slice: 'none' } : { slice: query.slice, sliceValue };
    const chartBox = h(doc, 'div', { class: 'dp-chart' });
    const tickets = h(doc, 'div', null, loadingView(doc, t('ui.drilldown.loading')));
    const explain = h(doc, 'div', null);
    replaceChildren(
      doc,
      detailSlot,
      h(doc, 'h2', { class: 'dp-section-title' }, `${kpiLabel(t, kpi)} · ${sliceName}`),
      chartBox,
      tickets,
      explain,
    );
    detailSlot.scrollIntoView({ behavior: 'smooth', block: 'start' });
    void loadInto(env, chartBox, {
      request: () =>
        backend.get<Trend>('/kpis/trend', {
          ...params(query),
          ...cell,
          kpi,
          granularity: granularityFor(query),
        }),
      render: (trend) => {
        if (trend.points.length === 0) return [emptyView(doc, t('ui.board.no_data'))];
        // uPlot draws into the box itself.
        drawTrend(chartBox, t, k, trend);
        return [...chartBox.childNodes, trendTable(doc, t, k, trend)];
      },
      retry: false,
    });
    // Each further page is appended to the rows already listed.
    const loadPage = (cursor: string | undefined, rows: Drilldown['tickets']): Promise<void> =>
      loadInto(env, tickets, {
        request: () =>
          backend.get<Drilldown>('/kpis/drilldown', {
            ...params(query),
            ...cell,
            kpi,
            limit: 50,
            cursor,
          }),
        render: (page) => {
          const all = [...rows, ...page.tickets];
          return [
            drilldownView(
              doc,
              t,
              k,
              { tickets: all, nextCursor: page.nextCursor },
              {
                openTicket: (id) => void env.client.invoke('routeTo', 'ticket', id),
                explain: (id) => void showExplain(explain, id),
                more:
                  page.nextCursor === null
                    ? null
                    : () => void loadPage(page.nextCursor ?? undefined, all),
              },
            ),
          ];
        },
      });
    // The API refuses a ticket list for a KPI that counts instances (SLA targets): say why instead.
    if (k.display.countOf === 'instances')
      replaceChildren(doc, tickets, emptyView(doc, t('ui.drilldown.instances')));
    else await loadPage(undefined, []);
  };

  const showExplain = (slot: HTMLElement, ticketId: string) =>
    loadInto(env, slot, {
      loading: t('ui.explain.loading'),
      request: () => backend.get<Explanation>(`/tickets/${encodeURIComponent(ticketId)}/explain`),
      render: (e) => [explainView(doc, t, e)],
    });

  // The export goes through the proxy like every call (it needs the secret), then is saved from a Blob.
  const download = () =>
    loadInto(env, message, {
      loading: t('ui.board.downloading'),
      request: () => backend.getText('/kpis/export.csv', params(query)),
      render: (csv) => {
        const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
        const a = h(doc, 'a', {
          attrs: { href: url, download: `deskpulse-${query.from}-${query.to}.csv` },
        });
        doc.body.appendChild(a);
        a.click();
        a.remove();
        env.win.setTimeout(() => {
          URL.revokeObjectURL(url);
        }, 10_000);
        return [];
      },
      retry: false,
    });

  const alerts = alertsPanel(doc, t, backend, () => Date.now());
  alertsSlot.append(alerts.element);
  const forecast = forecastPanel(doc, t, backend);
  forecastSlot.append(forecast.element);
  const health = healthPanel(doc, t, backend, {
    openTicket: (id) => void env.client.invoke('routeTo', 'ticket', id),
    save: (csv, name) => {
      saveCsv(doc, env.win, csv, name);
    },
  });
  healthSlot.append(health.element);
  env.root.append(
    whatIfSection({
      doc,
      t,
      backend,
      confirm: (m) => env.win.confirm(m),
      openTicket: (id) => void env.client.invoke('routeTo', 'ticket', id),
    }),
  );
  await Promise.all([
    loadBoard(),
    alerts.load(),
    forecast.load(),
    forecast.loadGroups({ from: query.from, to: query.to }),
    health.load(),
  ]);
}

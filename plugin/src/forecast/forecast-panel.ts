import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { emptyView, errorView, loadingView } from '../states.js';
import type { ForecastDocument } from '../../../src/services/forecast/schemas.js';
import type { Board } from '../../../src/services/kpi/contracts.js';
import { drawForecast } from './forecast-chart.js';
import { accuracyView, dailyTable } from './forecast-view.js';

/**
 * The board's backlog forecast section: a group picker by name (the whole team by default), the
 * chart (history + forecast band), the backtested accuracy and the 14-day table.
 */
export function forecastPanel(
  doc: Document,
  t: Translator,
  backend: Backend,
  // The chart is drawn on a canvas; views are tested without one.
  draw: (
    container: HTMLElement,
    t: Translator,
    forecast: ForecastDocument,
  ) => unknown = drawForecast,
) {
  const body = h(doc, 'div', { class: 'dp-slot' });
  const group = h(
    doc,
    'select',
    { class: 'dp-input', attrs: { name: 'forecast-group' } },
    h(doc, 'option', { attrs: { value: '', selected: '' } }, t('ui.forecast.whole_team')),
  );
  // The picked option's value; '' (the whole team) when none is picked.
  const chosenGroup = (): string => [...group.options].find((o) => o.selected)?.value ?? '';
  // A plain button, not a form submit: the board's alert form owns the page's submit button.
  const controls = h(
    doc,
    'div',
    { class: 'dp-controls' },
    h(doc, 'label', null, t('ui.forecast.group'), group),
    h(
      doc,
      'button',
      { class: 'dp-button', attrs: { type: 'button' }, on: { click: () => void load() } },
      t('ui.forecast.show'),
    ),
  );
  const element = h(doc, 'div', null, controls, body);

  const load = async (): Promise<void> => {
    replaceChildren(doc, body, loadingView(doc, t('ui.forecast.loading')));
    const groupId = chosenGroup();
    try {
      const forecast = await backend.get<ForecastDocument>(
        '/forecast',
        groupId === '' ? {} : { group: groupId },
      );
      if (forecast.status !== 'ok') {
        replaceChildren(doc, body, emptyView(doc, t('ui.forecast.insufficient')));
        return;
      }
      const chart = h(doc, 'div', { class: 'dp-chart' });
      replaceChildren(
        doc,
        body,
        chart,
        accuracyView(doc, t, forecast),
        dailyTable(doc, t, forecast),
      );
      draw(chart, t, forecast);
    } catch (e) {
      replaceChildren(
        doc,
        body,
        errorView(doc, t, describeError(t, e), () => void load()),
      );
    }
  };
  /**
   * Offers the board's groups by name (people pick "Billing", not 503), keeping the choice when
   * it is still listed.
   */
  const setGroups = (groups: readonly { id: string; name: string }[]) => {
    const chosen = chosenGroup();
    const sorted = [...groups].sort((a, b) => a.name.localeCompare(b.name, t.locale));
    const kept = sorted.some((g) => g.id === chosen) ? chosen : '';
    const option = (value: string, label: string) =>
      h(doc, 'option', { attrs: value === kept ? { value, selected: '' } : { value } }, label);
    replaceChildren(
      doc,
      group,
      option('', t('ui.forecast.whole_team')),
      ...sorted.map((g) => option(g.id, g.name)),
    );
  };
  /**
   * Reads the groups to offer from the board split by group over `range`: the groups with
   * tickets, named as the board names them. A refusal leaves the whole team alone on offer.
   */
  const loadGroups = async (range: { from: string; to: string }): Promise<void> => {
    try {
      const board = await backend.get<Board>('/kpis/board', { ...range, slice: 'group' });
      const named = new Map<string, string>();
      for (const k of board.kpis)
        for (const s of k.slices) named.set(s.sliceValue, s.sliceName ?? `#${s.sliceValue}`);
      setGroups([...named].map(([id, name]) => ({ id, name })));
    } catch {
      // The forecast works without the list: the whole team stays on offer.
    }
  };
  return { element, load, setGroups, loadGroups };
}

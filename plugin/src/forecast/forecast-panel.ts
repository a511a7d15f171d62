import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { emptyView, errorView, loadingView } from '../states.js';
import type { ForecastDocument } from '../../../src/services/forecast/schemas.js';
import { drawForecast } from './forecast-chart.js';
import { accuracyView, dailyTable } from './forecast-view.js';

/**
 * The board's backlog forecast section: a group field (empty = the whole team), the chart
 * (history + forecast band), the backtested accuracy and the 14-day table.
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
  const group = h(doc, 'input', {
    class: 'dp-input',
    attrs: { type: 'text', name: 'forecast-group', placeholder: t('ui.forecast.whole_team') },
  });
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
    const groupId = group.value.trim();
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
  return { element, load };
}

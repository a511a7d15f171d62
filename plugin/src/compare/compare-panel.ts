import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { errorView, loadingView } from '../states.js';
import type { CohortBy, CompareReport } from '../../../src/services/compare/schemas.js';
import { compareView } from './compare-view.js';

/** The board's range: cohort A's range with by=period, both cohorts' otherwise. */
export interface CompareRange {
  from: string;
  to: string;
  businessHours: boolean;
}

const BYS: readonly CohortBy[] = ['tag', 'group', 'channel', 'brand', 'form', 'reason', 'period'];

/**
 * The "Compare" view of the board (A/B): two cohorts by a tag, group, channel, brand, form or
 * reason of the board's range (B empty: the rest), or the board's range against a second one,
 * optionally of one reason only; every KPI with both values, B − A, its interval, p and verdict.
 * It runs on request, then again whenever the board's range changes.
 */
export function comparePanel(
  doc: Document,
  t: Translator,
  backend: Backend,
  env: { save: (csv: string, name: string) => void },
): { element: HTMLElement; load: (range: CompareRange) => Promise<void> } {
  const input = (name: string, type = 'text', placeholder = '') =>
    h(doc, 'input', { class: 'dp-input', attrs: { type, name, placeholder } });
  const by = h(
    doc,
    'select',
    { class: 'dp-input', attrs: { name: 'compare-by' } },
    ...BYS.map((b) => h(doc, 'option', { attrs: { value: b } }, t(`ui.compare.by.${b}`))),
  );
  const a = input('compare-a');
  const b = input('compare-b', 'text', t('ui.compare.rest'));
  const bFrom = input('compare-b-from', 'date');
  const bTo = input('compare-b-to', 'date');
  const reason = input('compare-reason', 'text', t('ui.compare.any_reason'));
  const values = h(
    doc,
    'span',
    { class: 'dp-controls' },
    h(doc, 'label', null, t('ui.compare.a'), a),
    h(doc, 'label', null, t('ui.compare.b'), b),
  );
  const period = h(
    doc,
    'span',
    { class: 'dp-controls', attrs: { hidden: '' } },
    h(doc, 'label', null, t('ui.compare.b_from'), bFrom),
    h(doc, 'label', null, t('ui.compare.b_to'), bTo),
  );
  by.addEventListener('change', () => {
    const isPeriod = by.value === 'period';
    values.hidden = isPeriod;
    period.hidden = !isPeriod;
  });
  const button = (label: string, click: () => void, attr: string) =>
    h(
      doc,
      'button',
      {
        class: attr === 'compare-run' ? 'dp-button' : 'dp-link',
        attrs: { type: 'button', [`data-${attr}`]: '' },
        on: { click },
      },
      label,
    );
  const body = h(doc, 'div', { class: 'dp-slot' });
  const element = h(
    doc,
    'div',
    { attrs: { 'data-view': 'compare' } },
    h(
      doc,
      'div',
      { class: 'dp-controls' },
      h(doc, 'label', null, t('ui.compare.by_label'), by),
      values,
      period,
      h(doc, 'label', null, t('ui.compare.reason'), reason),
      button(t('ui.compare.run'), () => void run(), 'compare-run'),
      button(t('ui.compare.download'), () => void download(), 'compare-csv'),
    ),
    body,
  );
  let range: CompareRange | null = null;
  let asked = false;

  const query = (): Record<string, string | boolean | undefined> | null => {
    if (range === null) return null;
    const text = (el: HTMLInputElement) => (el.value.trim() === '' ? undefined : el.value.trim());
    const common = { ...range, by: by.value, reason: text(reason) };
    if (by.value === 'period') return { ...common, bFrom: text(bFrom), bTo: text(bTo) };
    return { ...common, a: text(a), b: text(b) };
  };

  const run = async () => {
    const q = query();
    if (q === null) return;
    asked = true;
    replaceChildren(doc, body, loadingView(doc, t('ui.compare.loading')));
    try {
      const report = await backend.get<CompareReport>('/compare', q);
      replaceChildren(doc, body, compareView(doc, t, report));
    } catch (e) {
      replaceChildren(
        doc,
        body,
        errorView(doc, t, describeError(t, e), () => void run()),
      );
    }
  };

  const download = async () => {
    const q = query();
    if (q === null || range === null) return;
    try {
      const csv = await backend.getText('/compare/export.csv', q);
      env.save(csv, `deskpulse-compare-${by.value}-${range.from}-${range.to}.csv`);
    } catch (e) {
      replaceChildren(doc, body, errorView(doc, t, describeError(t, e)));
    }
  };

  return {
    element,
    load: (next) => {
      range = next;
      return asked ? run() : Promise.resolve();
    },
  };
}

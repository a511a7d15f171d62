import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import type { Board, BoardSlice } from '../types.js';
import { describeChange, formatValue, kpiLabel } from './kpis.js';

export interface TileHandlers {
  /** A number was clicked: show its trend and the tickets behind it. */
  select: (kpi: string, sliceValue: string) => void;
}

/** The backend's slice value of the unsliced board (`slice=none`). */
export const WHOLE_TEAM = '';

/** One tile per KPI (no slicing) or one table per KPI with a row per slice. */
export function tilesView(
  doc: Document,
  t: Translator,
  board: Board,
  on: TileHandlers,
): HTMLElement {
  const sliced = board.kpis.some(
    (k) =>
      k.slices.length > 1 || (k.slices[0] !== undefined && k.slices[0].sliceValue !== WHOLE_TEAM),
  );
  if (!sliced) {
    return h(
      doc,
      'div',
      { class: 'dp-tiles' },
      ...board.kpis.map((k) => {
        const s = k.slices[0];
        return h(
          doc,
          'button',
          {
            class: 'dp-tile',
            attrs: { type: 'button', 'data-kpi': k.kpi },
            on: {
              click: () => {
                on.select(k.kpi, s?.sliceValue ?? WHOLE_TEAM);
              },
            },
          },
          h(doc, 'span', { class: 'dp-tile-label' }, kpiLabel(t, k.kpi)),
          s === undefined
            ? h(doc, 'span', { class: 'dp-muted' }, t('ui.board.no_data'))
            : tileBody(doc, t, k.kpi, k.unit, s),
        );
      }),
    );
  }
  return h(doc, 'div', { class: 'dp-slices' }, ...board.kpis.map((k) => sliceTable(doc, t, k, on)));
}

function tileBody(
  doc: Document,
  t: Translator,
  kpi: string,
  unit: string,
  s: BoardSlice,
): DocumentFragment {
  const frag = doc.createDocumentFragment();
  const isRate = s.rate !== undefined && s.rate !== null;
  const n = formatNumber(t, s.n, 0);
  frag.appendChild(
    h(
      doc,
      'span',
      { class: 'dp-tile-value' },
      isRate ? formatValue(t, 'ratio', s.rate) : formatValue(t, unit, s.median),
    ),
  );
  // A rate has no spread to show; a duration's p90 tells how long the slow tail waits.
  frag.appendChild(
    h(
      doc,
      'span',
      { class: 'dp-tile-stats' },
      isRate
        ? t('ui.board.n_only', { n })
        : t('ui.board.stats', { p90: formatValue(t, unit, s.p90), n }),
    ),
  );
  const change = describeChange(t, kpi, s.change);
  if (change !== null)
    frag.appendChild(h(doc, 'span', { class: `dp-change dp-change-${change.tone}` }, change.text));
  return frag;
}

function sliceTable(
  doc: Document,
  t: Translator,
  k: Board['kpis'][number],
  on: TileHandlers,
): HTMLElement {
  const header = h(
    doc,
    'tr',
    null,
    ...[
      t('ui.board.slice'),
      t('ui.board.median'),
      t('ui.board.p90'),
      t('ui.board.n'),
      t('ui.board.vs_previous'),
    ].map((c) => h(doc, 'th', { attrs: { scope: 'col' } }, c)),
  );
  const rows = k.slices.map((s) => {
    const change = describeChange(t, k.kpi, s.change);
    const value =
      s.rate !== undefined && s.rate !== null
        ? formatValue(t, 'ratio', s.rate)
        : formatValue(t, k.unit, s.median);
    return h(
      doc,
      'tr',
      null,
      h(
        doc,
        'th',
        { attrs: { scope: 'row' } },
        h(
          doc,
          'button',
          {
            class: 'dp-link',
            attrs: { type: 'button' },
            on: {
              click: () => {
                on.select(k.kpi, s.sliceValue);
              },
            },
          },
          s.sliceValue,
        ),
      ),
      h(doc, 'td', null, value),
      h(doc, 'td', null, formatValue(t, k.unit, s.p90)),
      h(doc, 'td', null, formatNumber(t, s.n, 0)),
      h(
        doc,
        'td',
        change === null ? null : { class: `dp-change-${change.tone}` },
        change?.text ?? t('ui.common.none'),
      ),
    );
  });
  return h(
    doc,
    'section',
    { class: 'dp-section' },
    h(doc, 'h3', { class: 'dp-section-title' }, kpiLabel(t, k.kpi)),
    h(
      doc,
      'table',
      { class: 'dp-table' },
      h(doc, 'thead', null, header),
      h(doc, 'tbody', null, ...rows),
    ),
  );
}

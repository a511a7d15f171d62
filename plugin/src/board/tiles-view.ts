import type { Board, BoardKpi, BoardSlice } from '../../../src/services/kpi/contracts.js';
import { channelLabel } from '../channel-label.js';
import { h, linkButton } from '../dom.js';
import { formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import {
  countLabel,
  describeChange,
  formatValue,
  headlineLabel,
  headlineValue,
  kpiLabel,
} from './kpis.js';
import type { BoardQuery } from './query.js';

export interface TileHandlers {
  /** A number was clicked: show its trend and the tickets behind it. */
  select: (kpi: string, sliceValue: string, sliceName: string) => void;
}

/** The backend's slice value of the unsliced board (`slice=none`). */
export const WHOLE_TEAM = '';

/** Whether any KPI counted anything (backlog counts days, so it has values even when empty). */
export function hasData(board: Board): boolean {
  return board.kpis.some((k) => k.display.countOf !== 'days' && k.slices.some((s) => s.n > 0));
}

/** One tile per KPI (no slicing) or one table per KPI with a row per slice. */
export function tilesView(
  doc: Document,
  t: Translator,
  board: Board,
  on: TileHandlers,
  slice: BoardQuery['slice'],
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
                on.select(k.kpi, WHOLE_TEAM, t('ui.board.slice_none'));
              },
            },
          },
          h(doc, 'span', { class: 'dp-tile-label' }, kpiLabel(t, k.kpi)),
          s === undefined || s.n === 0
            ? h(doc, 'span', { class: 'dp-muted dp-no-data' }, t('ui.board.kpi_no_data'))
            : tileBody(doc, t, k, s),
        );
      }),
    );
  }
  return h(
    doc,
    'div',
    { class: 'dp-slices' },
    ...board.kpis.map((k) => sliceTable(doc, t, k, on, slice)),
  );
}

/** The headline in its unit; CES says which scale its mean is on. */
function headlineText(t: Translator, k: BoardKpi, s: BoardSlice): string {
  const value = formatValue(t, k, headlineValue(k, s));
  const scale = k.display.scale;
  if (k.kpi !== 'ces' || scale === undefined) return value;
  return t('ui.ces.answer', { value, min: scale.min, max: scale.max });
}

/** The line under the headline: the spread of durations, CES's easy share, else the count. */
function statsText(t: Translator, k: BoardKpi, s: BoardSlice): string {
  const n = formatNumber(t, s.n, 0);
  if (k.unit === 'seconds') {
    const p90 = formatValue(t, k, s.p90);
    return k.headline === 'median'
      ? t('ui.board.stats', { p90, n })
      : t('ui.board.stats_mean', { median: formatValue(t, k, s.median), p90, n });
  }
  if (k.kpi === 'ces') return t('ui.board.easy_stats', { pct: easyShare(t, s), n });
  if (k.kpi === 'ticket_volume')
    return t('ui.board.volume_stats', { total: detailCount(t, s, 'total'), n });
  if (k.kpi === 'resolution_rate') {
    const solved = detailCount(t, s, 'solved');
    return t('ui.board.resolution_stats', { solved, created: detailCount(t, s, 'created') });
  }
  return t('ui.board.stats_count', { label: countLabel(t, k), n });
}

/** A count the board puts in a cell's detail (volume's total, resolution's solved and created). */
function detailCount(t: Translator, s: BoardSlice, key: string): string {
  const value = s.detail?.[key];
  return typeof value === 'number' ? formatNumber(t, value, 0) : t('ui.common.none');
}

function easyShare(t: Translator, s: BoardSlice): string {
  return formatValue(t, { unit: 'fraction', display: { decimals: 1 } }, s.rate);
}

function tileBody(doc: Document, t: Translator, k: BoardKpi, s: BoardSlice): DocumentFragment {
  const frag = doc.createDocumentFragment();
  frag.appendChild(h(doc, 'span', { class: 'dp-tile-value' }, headlineText(t, k, s)));
  frag.appendChild(h(doc, 'span', { class: 'dp-tile-stats' }, statsText(t, k, s)));
  const change = describeChange(t, k, s.change);
  if (change !== null)
    frag.appendChild(h(doc, 'span', { class: `dp-change dp-change-${change.tone}` }, change.text));
  return frag;
}

/** Columns between the headline and the count, fitting the KPI's unit. */
function extraColumns(t: Translator, k: BoardKpi): [string, (s: BoardSlice) => string][] {
  if (k.unit === 'seconds') {
    const p90: [string, (s: BoardSlice) => string] = [
      t('ui.board.p90'),
      (s) => formatValue(t, k, s.p90),
    ];
    return k.headline === 'median'
      ? [p90]
      : [[t('ui.board.median'), (s) => formatValue(t, k, s.median)], p90];
  }
  if (k.kpi === 'ces') return [[t('ui.board.easy'), (s) => easyShare(t, s)]];
  if (k.kpi === 'ticket_volume') return [[t('ui.board.total'), (s) => detailCount(t, s, 'total')]];
  if (k.kpi === 'resolution_rate') {
    return [[t('ui.board.solved'), (s) => detailCount(t, s, 'solved')]];
  }
  return [];
}

function sliceTable(
  doc: Document,
  t: Translator,
  k: BoardKpi,
  on: TileHandlers,
  slice: BoardQuery['slice'],
): HTMLElement {
  const title = h(doc, 'h3', { class: 'dp-section-title' }, kpiLabel(t, k.kpi));
  const withData = k.slices.filter((s) => s.n > 0 || s.previous !== null);
  if (withData.length === 0) {
    return h(
      doc,
      'section',
      { class: 'dp-section', attrs: { 'data-kpi': k.kpi } },
      title,
      h(doc, 'p', { class: 'dp-muted dp-no-data' }, t('ui.board.kpi_no_data')),
    );
  }
  const extra = extraColumns(t, k);
  const header = h(
    doc,
    'tr',
    null,
    ...[
      t('ui.board.slice'),
      headlineLabel(t, k),
      ...extra.map(([label]) => label),
      countLabel(t, k),
      t('ui.board.vs_previous'),
    ].map((c) => h(doc, 'th', { attrs: { scope: 'col' } }, c)),
  );
  const rows = withData.map((s) => {
    const change = describeChange(t, k, s.change);
    const name = sliceLabel(t, s, slice);
    return h(
      doc,
      'tr',
      { attrs: { 'data-slice': s.sliceValue } },
      h(
        doc,
        'th',
        { attrs: { scope: 'row' } },
        linkButton(doc, name, () => {
          on.select(k.kpi, s.sliceValue, name);
        }),
      ),
      h(doc, 'td', null, s.n === 0 ? t('ui.board.kpi_no_data') : headlineText(t, k, s)),
      ...extra.map(([, cell]) => h(doc, 'td', null, s.n === 0 ? t('ui.common.none') : cell(s))),
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
    { class: 'dp-section', attrs: { 'data-kpi': k.kpi } },
    title,
    h(
      doc,
      'table',
      { class: 'dp-table' },
      h(doc, 'thead', null, header),
      h(doc, 'tbody', null, ...rows),
    ),
  );
}

/**
 * What a slice row is called: the name the API resolved (group, agent, brand; a tag as itself),
 * a channel by its label in the user's language, `#id` for an id the helpdesk has not named,
 * "none" for tickets without a value.
 */
export function sliceLabel(t: Translator, s: BoardSlice, slice: BoardQuery['slice']): string {
  if (slice === 'channel' && s.sliceValue !== '') return channelLabel(t, s.sliceValue);
  if (s.sliceName !== null) return s.sliceName;
  return s.sliceValue === '' ? t('ui.common.none') : `#${s.sliceValue}`;
}

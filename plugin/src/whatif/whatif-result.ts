import { channelLabel } from '../channel-label.js';
import { dataTable, h, ticketLinkCell, type Child } from '../dom.js';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type {
  Comparison,
  SlaCounts,
  WhatIfReport,
  WhatIfSlice,
} from '../../../src/services/whatif/contracts.js';

const table = (doc: Document, head: string[], rows: HTMLTableRowElement[], name: string) =>
  dataTable(doc, { class: 'dp-table', attrs: { 'data-whatif': name } }, head, rows);

const tr = (doc: Document, cells: Child[], attrs?: Record<string, string>) =>
  h(doc, 'tr', attrs === undefined ? null : { attrs }, ...cells.map((c) => h(doc, 'td', null, c)));

/**
 * What a slice row is called: a priority by the app's own label, a group, agent or brand by the
 * name the API resolved (`#id` for an id the helpdesk has not named), a channel by its label.
 */
function sliceLabel(
  t: Translator,
  slice: WhatIfSlice | null,
  s: { value: string; name: string | null },
): string {
  if (s.value === '') return t('ui.whatif.no_value');
  if (slice === 'priority') return t(`ui.whatif.priority.${s.value}`);
  if (slice === 'channel') return channelLabel(t, s.value);
  return s.name ?? `#${s.value}`;
}

/** Attainment as a percentage with its counts, or a dash when nothing was decided. */
function rate(t: Translator, c: SlaCounts): string {
  if (c.attainment === null) return t('ui.common.none');
  return `${formatPercent(t, c.attainment)} (${formatNumber(t, c.achieved, 0)}/${formatNumber(t, c.achieved + c.breached, 0)})`;
}

/** The change in percentage points, signed. */
function delta(t: Translator, before: SlaCounts, after: SlaCounts): string {
  if (before.attainment === null || after.attainment === null) return t('ui.common.none');
  const points = (after.attainment - before.attainment) * 100;
  return `${points > 0 ? '+' : ''}${formatNumber(t, points)} ${t('ui.whatif.points')}`;
}

/** All metrics' instances pooled: a month's or slice's one-figure attainment. */
function pooled(c: Comparison, side: 'current' | 'proposed'): SlaCounts {
  let achieved = 0;
  let breached = 0;
  for (const row of c.sla) {
    achieved += row[side].achieved;
    breached += row[side].breached;
  }
  const n = achieved + breached;
  return { achieved, breached, attainment: n === 0 ? null : achieved / n };
}

/**
 * The comparison: SLA attainment per metric and priority, business-hours medians and p90s, the
 * months (and slice values), and the tickets whose outcome flips, each beside today's value.
 */
export function whatIfResult(
  doc: Document,
  t: Translator,
  report: WhatIfReport,
  openTicket: (ticketId: string) => void,
  slice: WhatIfSlice | null = null,
): HTMLElement {
  const metric = (m: string) => t(`ui.whatif.metric.${m}`);
  const sla = report.overall.sla.map((r) =>
    tr(doc, [
      metric(r.metric),
      t(`ui.whatif.priority.${r.priority ?? 'any'}`),
      rate(t, r.current),
      rate(t, r.proposed),
      delta(t, r.current, r.proposed),
    ]),
  );
  const durations = report.overall.durations.map((d) =>
    tr(doc, [
      t(`ui.whatif.duration.${d.metric}`),
      `${formatDuration(t, d.current.median)} / ${formatDuration(t, d.current.p90)}`,
      `${formatDuration(t, d.proposed.median)} / ${formatDuration(t, d.proposed.p90)}`,
      formatNumber(t, d.proposed.n, 0),
    ]),
  );
  const scoped = (label: string, c: Comparison) => {
    const before = pooled(c, 'current');
    const after = pooled(c, 'proposed');
    return tr(doc, [
      label,
      formatNumber(t, c.tickets, 0),
      rate(t, before),
      rate(t, after),
      delta(t, before, after),
    ]);
  };
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(t.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const flips = report.flips.tickets.map((f) => {
    const row = tr(doc, [
      metric(f.metric),
      t(`ui.whatif.outcome.${f.current}`),
      t(`ui.whatif.outcome.${f.proposed}`),
      formatDate(t, f.currentAt),
      formatDate(t, f.proposedAt),
    ]);
    row.prepend(ticketLinkCell(doc, f.ticketId, openTicket));
    row.setAttribute('data-flip', f.ticketId);
    return row;
  });
  const scopeHead = [
    t('ui.whatif.col.scope'),
    t('ui.whatif.col.tickets'),
    t('ui.whatif.col.today'),
    t('ui.whatif.col.proposed'),
    t('ui.whatif.col.change'),
  ];
  return h(
    doc,
    'div',
    { class: 'dp-whatif-result' },
    h(
      doc,
      'p',
      { attrs: { 'data-whatif': 'summary' } },
      t('ui.whatif.summary', {
        n: formatNumber(t, report.overall.tickets, 0),
        s: formatNumber(t, report.replaySeconds, 2),
        flips: formatNumber(t, report.flips.total, 0),
        worse: formatNumber(t, report.flips.achievedToBreached, 0),
        better: formatNumber(t, report.flips.breachedToAchieved, 0),
      }),
    ),
    h(doc, 'h3', null, t('ui.whatif.sla_title')),
    table(
      doc,
      [
        t('ui.whatif.col.metric'),
        t('ui.whatif.col.priority'),
        t('ui.whatif.col.today'),
        t('ui.whatif.col.proposed'),
        t('ui.whatif.col.change'),
      ],
      sla,
      'sla',
    ),
    h(doc, 'h3', null, t('ui.whatif.durations_title')),
    table(
      doc,
      [
        t('ui.whatif.col.metric'),
        t('ui.whatif.col.today_stats'),
        t('ui.whatif.col.proposed_stats'),
        t('ui.whatif.col.tickets'),
      ],
      durations,
      'durations',
    ),
    h(doc, 'h3', null, t('ui.whatif.months_title')),
    table(
      doc,
      scopeHead,
      report.months.map((m) => scoped(monthLabel(m.month), m)),
      'months',
    ),
    report.slices.length === 0 ? null : h(doc, 'h3', null, t('ui.whatif.slices_title')),
    report.slices.length === 0
      ? null
      : table(
          doc,
          scopeHead,
          report.slices.map((s) => scoped(sliceLabel(t, slice, s), s)),
          'slices',
        ),
    h(doc, 'h3', null, t('ui.whatif.flips_title', { n: formatNumber(t, report.flips.total, 0) })),
    flips.length === 0
      ? h(doc, 'p', { class: 'dp-state dp-empty' }, t('ui.whatif.no_flips'))
      : table(
          doc,
          [
            t('ui.whatif.col.ticket'),
            t('ui.whatif.col.metric'),
            t('ui.whatif.col.today'),
            t('ui.whatif.col.proposed'),
            t('ui.whatif.col.today_at'),
            t('ui.whatif.col.proposed_at'),
          ],
          flips,
          'flips',
        ),
  );
}

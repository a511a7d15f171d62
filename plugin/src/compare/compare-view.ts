import { dataTable, h } from '../dom.js';
import { formatDuration, formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type { CompareReport, KpiComparison } from '../../../src/services/compare/schemas.js';

/** A KPI's value, difference or effect in its unit: durations, percentages, or plain numbers. */
export function formatIn(t: Translator, unit: KpiComparison['unit'], value: number | null): string {
  if (value === null) return t('ui.common.none');
  if (unit === 'seconds') return formatDuration(t, value);
  if (unit === 'fraction') return formatPercent(t, value);
  return formatNumber(t, value, 2);
}

/** The difference B − A with a sign (a true minus), percentages as percentage points. */
function signed(t: Translator, unit: KpiComparison['unit'], value: number | null): string {
  if (value === null) return t('ui.common.none');
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  const size = Math.abs(value);
  if (unit === 'fraction')
    return t('ui.compare.points', { n: sign + formatNumber(t, size * 100, 1) });
  return sign + formatIn(t, unit, size);
}

/** "= 0.034" or "< 0.001", for "p = …" in a sentence. */
function pRelation(t: Translator, p: number | null): string {
  const text = pText(t, p);
  return text.startsWith('<') ? text : `= ${text}`;
}

function pText(t: Translator, p: number | null): string {
  if (p === null) return t('ui.common.none');
  return p < 0.001 ? `< ${formatNumber(t, 0.001, 3)}` : formatNumber(t, p, 3);
}

/** The verdict in the user's language: a winner, no difference (and the effect that would show), too few. */
export function verdictText(t: Translator, report: CompareReport, k: KpiComparison): string {
  const mde = k.mde === null ? '' : ` ${t('ui.compare.mde', { mde: formatMde(t, k) })}`;
  switch (k.verdict) {
    case 'a_better':
      return t('ui.compare.verdict.a_better', { p: pRelation(t, k.p) });
    case 'b_better':
      return t('ui.compare.verdict.b_better', { p: pRelation(t, k.p) });
    case 'no_difference':
      return t('ui.compare.verdict.no_difference', { p: pRelation(t, k.p) }) + mde;
    case 'too_few':
      return t('ui.compare.verdict.too_few', { a: k.a.n, b: k.b.n, min: report.minSample }) + mde;
  }
}

function formatMde(t: Translator, k: KpiComparison): string {
  if (k.mde === null) return t('ui.common.none');
  return k.unit === 'fraction'
    ? t('ui.compare.points', { n: formatNumber(t, k.mde * 100, 1) })
    : formatIn(t, k.unit, k.mde);
}

/** A cohort in the user's language: "Tag vip", "all other tickets", "9 Nov 2026 – 6 Dec 2026". */
function cohortLabel(t: Translator, report: CompareReport, side: 'a' | 'b'): string {
  const c = report[side];
  if (report.by === 'period') return `${day(t, c.from)} – ${day(t, c.to)}`;
  if (c.value === null) return t('ui.compare.rest');
  return `${t(`ui.compare.by.${report.by}`)} ${c.value}`;
}

/** A report date (YYYY-MM-DD) as a localised date, read as the calendar day it names. */
function day(t: Translator, date: string): string {
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/**
 * The comparison table: per KPI both cohorts' values (with their sample sizes), B − A with its
 * 95 % interval, the p-value of the test that fits the KPI and the verdict in words.
 */
export function compareView(doc: Document, t: Translator, report: CompareReport): HTMLElement {
  const side = (k: KpiComparison, s: 'a' | 'b') =>
    h(
      doc,
      'td',
      null,
      formatIn(t, k.unit, k[s].value),
      h(doc, 'div', { class: 'dp-muted' }, t('ui.compare.n', { n: k[s].n })),
    );
  const rows = report.kpis.map((k) =>
    h(
      doc,
      'tr',
      { attrs: { 'data-kpi': k.kpi, 'data-verdict': k.verdict } },
      h(
        doc,
        'td',
        null,
        t(`ui.compare.kpi.${k.kpi}`),
        h(doc, 'div', { class: 'dp-muted' }, t(`ui.compare.test.${k.test}`)),
      ),
      side(k, 'a'),
      side(k, 'b'),
      h(
        doc,
        'td',
        null,
        signed(t, k.unit, k.difference),
        k.ci === null
          ? null
          : h(
              doc,
              'div',
              { class: 'dp-muted' },
              t('ui.compare.interval', {
                low: signed(t, k.unit, k.ci.low),
                high: signed(t, k.unit, k.ci.high),
              }),
            ),
      ),
      h(doc, 'td', null, pText(t, k.p)),
      h(
        doc,
        'td',
        {
          class:
            k.verdict === 'a_better' || k.verdict === 'b_better' ? 'dp-verdict-win' : 'dp-muted',
        },
        verdictText(t, report, k),
      ),
    ),
  );
  const heads = ['kpi', 'a', 'b', 'difference', 'p', 'verdict'];
  const cohort = (s: 'a' | 'b') =>
    h(
      doc,
      'li',
      null,
      t(`ui.compare.cohort_${s}`, {
        label: cohortLabel(t, report, s),
        n: report[s].tickets,
        perDay: formatNumber(t, report[s].volumePerDay, 1),
      }),
    );
  return h(
    doc,
    'div',
    { attrs: { 'data-compare-report': '' } },
    h(doc, 'ul', { class: 'dp-muted' }, cohort('a'), cohort('b')),
    report.overlap > 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.compare.overlap', { n: report.overlap }))
      : null,
    dataTable(
      doc,
      { class: 'dp-table' },
      heads.map((k) => t(`ui.compare.col.${k}`)),
      rows,
    ),
    h(
      doc,
      'p',
      { class: 'dp-muted' },
      t('ui.compare.note', { alpha: formatPercent(t, report.alpha) }),
    ),
  );
}

import { h } from '../dom.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type { HealthAccount } from '../../../src/services/health/schemas.js';

type Reason = HealthAccount['reasons'][number];

const SVG = 'http://www.w3.org/2000/svg';

/** A reason's value in its own unit: rates as percentages, waits in hours, the rest as numbers. */
function reasonValue(t: Translator, signal: Reason['signal'], value: number): string {
  switch (signal) {
    case 'bad_csat':
    case 'low_ces':
    case 'reopens':
    case 'escalations':
      return formatPercent(t, value);
    case 'wait':
      return t('ui.health.hours', { value: formatNumber(t, value, 1) });
    case 'volume_trend':
      return `×${formatNumber(t, value, 1)}`;
    case 'effort':
    case 'open_tickets':
      return formatNumber(t, value, value < 10 ? 1 : 0);
  }
}

/** "Bad ratings 100 % (team 27 %)": the signal, the account's value and the team's baseline. */
export function reasonText(t: Translator, reason: Reason): string {
  return t('ui.health.reason', {
    signal: t(`ui.health.signal.${reason.signal}`),
    value: reasonValue(t, reason.signal, reason.value),
    baseline: reasonValue(t, reason.signal, reason.baseline),
  });
}

/**
 * The score with its status as a badge: "42 · At risk". Whole points rounded down, so a 59.6
 * (at risk: below 60) never reads as 60.
 */
export function scoreBadge(doc: Document, t: Translator, account: HealthAccount): HTMLElement {
  return h(
    doc,
    'span',
    { class: `dp-health-badge dp-health-${account.status}` },
    `${formatNumber(t, Math.floor(account.score), 0)} · ${t(`ui.health.status.${account.status}`)}`,
  );
}

/**
 * The daily scores as a small line (0–100, higher = healthier), with the first and last day's
 * score as its accessible label so the trend is readable without seeing the line.
 */
export function sparkline(doc: Document, t: Translator, account: HealthAccount): Element {
  const width = 120;
  const height = 28;
  const points = account.trend;
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'dp-health-spark');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${String(width)} ${String(height)}`);
  svg.setAttribute('role', 'img');
  const first = points[0];
  const last = points.at(-1);
  svg.setAttribute(
    'aria-label',
    first === undefined || last === undefined
      ? t('ui.health.no_trend')
      : t('ui.health.trend_label', {
          from: formatNumber(t, first.score, 0),
          to: formatNumber(t, last.score, 0),
          days: points.length,
        }),
  );
  if (points.length > 1) {
    const line = doc.createElementNS(SVG, 'polyline');
    const step = width / (points.length - 1);
    line.setAttribute(
      'points',
      points
        .map(
          (p, i) =>
            `${(i * step).toFixed(1)},${(height - 2 - (p.score / 100) * (height - 4)).toFixed(1)}`,
        )
        .join(' '),
    );
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', 'currentColor');
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
  }
  return svg;
}

/** The reasons as a list, strongest first; "nothing worse than the team" when none. */
export function reasonsList(doc: Document, t: Translator, account: HealthAccount): HTMLElement {
  if (account.reasons.length === 0) {
    return h(doc, 'p', { class: 'dp-health-reasons' }, t('ui.health.no_reasons'));
  }
  return h(
    doc,
    'ul',
    { class: 'dp-health-reasons' },
    ...account.reasons.map((r) => h(doc, 'li', null, reasonText(t, r))),
  );
}

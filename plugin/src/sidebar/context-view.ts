import { h } from '../dom.js';
import { formatAgo, formatDate, formatDurationWhole } from '../format.js';
import type { Translator } from '../i18n.js';
import type { RequesterContext } from '../types.js';
import { effortReasonText, riskReasonText, ticketCountsText } from './reasons.js';
import { activityFacts } from './activity-view.js';

export interface ContextViewOptions {
  now: number;
  /** Opens a ticket in the agent's workspace (ZAF `routeTo`); links still carry a real href. */
  openTicket: (ticketId: string) => void;
  ticketUrl: (ticketId: string) => string;
  /** The ticket in view, left out of "recent tickets". */
  currentTicketId?: string | undefined;
  /** What the subject is ("Customer", "Organization"), shown above its name. */
  heading: string;
  /** The name Zendesk shows for the subject, used when the backend has none yet. */
  fallbackName?: string | undefined;
}

const MAX_RECENT = 5;

/** The requester (or organisation) context: risk, effort, resolution vs team, reopens, surveys. */
export function contextView(
  doc: Document,
  t: Translator,
  ctx: RequesterContext,
  o: ContextViewOptions,
): HTMLElement {
  const section = (title: string, ...body: (Node | null)[]) =>
    h(
      doc,
      'section',
      { class: 'dp-section' },
      h(doc, 'h3', { class: 'dp-section-title' }, title),
      ...body,
    );
  const fact = (label: string, value: string, hint?: string) =>
    h(
      doc,
      'div',
      { class: 'dp-fact' },
      h(doc, 'dt', null, label),
      h(
        doc,
        'dd',
        null,
        value,
        hint === undefined ? null : h(doc, 'span', { class: 'dp-hint' }, ` ${hint}`),
      ),
    );

  const riskLabel = { low: t('ui.risk.low'), medium: t('ui.risk.medium'), high: t('ui.risk.high') }[
    ctx.risk.level
  ];
  const header = h(
    doc,
    'header',
    { class: 'dp-context-header' },
    h(
      doc,
      'div',
      { class: 'dp-heading' },
      h(doc, 'span', { class: 'dp-kicker' }, o.heading),
      h(doc, 'h2', { class: 'dp-title' }, ctx.name ?? o.fallbackName ?? o.heading),
    ),
    h(
      doc,
      'span',
      { class: `dp-badge dp-badge-${ctx.risk.level}`, attrs: { 'data-risk': ctx.risk.level } },
      riskLabel,
    ),
  );
  const riskReasons =
    ctx.risk.reasons.length === 0
      ? null
      : h(
          doc,
          'ul',
          { class: 'dp-reasons', attrs: { 'aria-label': t('ui.risk.reasons') } },
          ...ctx.risk.reasons.map((r) => h(doc, 'li', null, riskReasonText(t, r))),
        );

  const med = ctx.medianFullResolution;
  const summary = h(
    doc,
    'dl',
    { class: 'dp-facts' },
    fact(t('ui.context.tickets'), ticketCountsText(t, ctx.counts)),
    fact(
      t('ui.context.median_resolution'),
      formatDurationWhole(t, med.requester.calendar),
      t('ui.context.team_median', { value: formatDurationWhole(t, med.team.calendar) }),
    ),
    med.requester.business === null
      ? null
      : fact(
          t('ui.context.median_resolution_business'),
          formatDurationWhole(t, med.requester.business),
          t('ui.context.team_median', { value: formatDurationWhole(t, med.team.business) }),
        ),
    fact(
      t('ui.context.reopens'),
      t('ui.context.reopens_value', {
        total: ctx.reopens.total,
        d30: ctx.reopens.last30d,
        d90: ctx.reopens.last90d,
      }),
    ),
    ...activityFacts(t, ctx.activity, fact),
  );

  const effort =
    ctx.effort === null
      ? null
      : section(
          t('ui.effort.title'),
          h(
            doc,
            'p',
            { class: 'dp-score' },
            t('ui.effort.score', { score: Math.round(ctx.effort.score) }),
          ),
          ctx.effort.reasons.length === 0
            ? null
            : h(
                doc,
                'ul',
                { class: 'dp-reasons' },
                ...ctx.effort.reasons.map((r) => h(doc, 'li', null, effortReasonText(t, r))),
              ),
        );

  const good = ctx.csat.filter((c) => c.score === 'good').length;
  const csat = section(
    t('ui.csat.title'),
    ctx.csat.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.csat.none'))
      : h(
          doc,
          'p',
          null,
          t('ui.csat.summary', { good, bad: ctx.csat.length - good }),
          h(
            doc,
            'span',
            { class: 'dp-dots', attrs: { 'aria-hidden': 'true' } },
            ...ctx.csat.slice(-10).map((c) =>
              h(doc, 'span', {
                class: `dp-dot dp-dot-${c.score}`,
                attrs: { title: formatDate(t, c.at) },
              }),
            ),
          ),
        ),
  );
  // Each CES answer keeps its own scale (1–5, 1–7, lower- or higher-is-better): never averaged together.
  const ces = section(
    t('ui.ces.title'),
    ctx.ces.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.ces.none'))
      : h(
          doc,
          'ul',
          { class: 'dp-list' },
          ...ctx.ces
            .slice(-5)
            .reverse()
            .map((c) =>
              h(
                doc,
                'li',
                null,
                t('ui.ces.answer', { value: c.value, min: c.scaleMin, max: c.scaleMax }),
                h(
                  doc,
                  'span',
                  { class: 'dp-hint' },
                  ` ${c.direction === 'lower_is_better' ? t('ui.ces.lower_better') : t('ui.ces.higher_better')} · ${formatDate(t, c.at)}`,
                ),
              ),
            ),
        ),
  );

  const recent = ctx.recentTickets.filter((r) => r.id !== o.currentTicketId).slice(0, MAX_RECENT);
  const tickets = section(
    t('ui.recent.title'),
    recent.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.recent.none'))
      : h(
          doc,
          'ul',
          { class: 'dp-list dp-tickets' },
          ...recent.map((r) =>
            h(
              doc,
              'li',
              null,
              h(
                doc,
                'a',
                {
                  attrs: { href: o.ticketUrl(r.id), target: '_blank', rel: 'noopener' },
                  on: {
                    click: (e) => {
                      e.preventDefault();
                      o.openTicket(r.id);
                    },
                  },
                },
                `#${r.id}`,
              ),
              ` ${statusLabel(t, r.status)} · ${formatDate(t, r.createdAt)}`,
              h(
                doc,
                'span',
                { class: 'dp-hint' },
                ` · ${t('ui.recent.resolution', { value: formatDurationWhole(t, r.fullResolution?.calendar) })}`,
              ),
            ),
          ),
        ),
  );
  const asOf = h(
    doc,
    'p',
    { class: 'dp-asof' },
    t('ui.common.as_of', { when: formatAgo(t, ctx.asOf, o.now) }),
  );
  return h(
    doc,
    'div',
    { class: 'dp-context' },
    header,
    riskReasons,
    summary,
    effort,
    csat,
    ces,
    tickets,
    asOf,
  );
}

export function statusLabel(t: Translator, status: string): string {
  switch (status) {
    case 'new':
      return t('ui.status.new');
    case 'open':
      return t('ui.status.open');
    case 'pending':
      return t('ui.status.pending');
    case 'hold':
      return t('ui.status.hold');
    case 'solved':
      return t('ui.status.solved');
    case 'closed':
      return t('ui.status.closed');
    default:
      return status;
  }
}

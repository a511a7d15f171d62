import { h } from '../dom.js';
import { formatDurationWhole } from '../format.js';
import type { Translator } from '../i18n.js';
import type { SlaClock, TicketClocks } from '../types.js';

/** This ticket's clocks: business time first (what SLAs count), calendar time beside it. */
export function clocksView(doc: Document, t: Translator, c: TicketClocks): HTMLElement {
  const row = (
    label: string,
    business: number | null | undefined,
    calendar: number | null | undefined,
    stopped = false,
  ) =>
    h(
      doc,
      'div',
      { class: 'dp-fact' },
      h(doc, 'dt', null, label),
      // No end event yet (e.g. no first reply): one word instead of two dashes.
      calendar === null || calendar === undefined
        ? h(doc, 'dd', null, t('ui.clocks.not_yet'))
        : h(
            doc,
            'dd',
            null,
            formatDurationWhole(t, business),
            h(
              doc,
              'span',
              { class: 'dp-hint' },
              ` ${t('ui.clocks.calendar', { value: formatDurationWhole(t, calendar) })}`,
              stopped ? ` ${t('ui.clocks.stopped')}` : '',
            ),
          ),
    );
  return h(
    doc,
    'section',
    { class: 'dp-section dp-clocks' },
    h(doc, 'h3', { class: 'dp-section-title' }, t('ui.clocks.title')),
    h(
      doc,
      'dl',
      { class: 'dp-facts' },
      row(t('ui.clocks.age'), c.age.business, c.age.calendar, c.ageStoppedAt !== null),
      row(t('ui.clocks.first_reply'), c.firstReply?.business, c.firstReply?.calendar),
      row(t('ui.clocks.requester_wait'), c.requesterWait.business, c.requesterWait.calendar),
    ),
    c.sla.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.sla.none'))
      : h(doc, 'ul', { class: 'dp-list dp-sla' }, ...c.sla.map((s) => slaItem(doc, t, s))),
  );
}

function slaItem(doc: Document, t: Translator, s: SlaClock): HTMLElement {
  const state = {
    active: t('ui.sla.active'),
    paused: t('ui.sla.paused'),
    achieved: t('ui.sla.achieved'),
    breached: t('ui.sla.breached'),
  }[s.state];
  const remaining =
    s.state === 'active' || s.state === 'paused'
      ? t('ui.sla.remaining', { value: formatDurationWhole(t, s.remainingBusinessSeconds) })
      : '';
  // Under a quarter of the target left is the moment an agent should act, so it is flagged.
  const urgent =
    s.state === 'breached' ||
    (s.state === 'active' &&
      s.remainingBusinessSeconds !== null &&
      s.remainingBusinessSeconds < s.target / 4);
  return h(
    doc,
    'li',
    { class: urgent ? 'dp-sla-item dp-urgent' : 'dp-sla-item', attrs: { 'data-state': s.state } },
    h(doc, 'span', { class: 'dp-sla-metric' }, slaMetricLabel(t, s.metric)),
    ' ',
    h(doc, 'span', { class: `dp-tag dp-tag-${s.state}` }, state),
    remaining === '' ? null : ` ${remaining}`,
  );
}

function slaMetricLabel(t: Translator, metric: string): string {
  switch (metric) {
    case 'first_reply_time':
      return t('ui.sla.first_reply_time');
    case 'next_reply_time':
      return t('ui.sla.next_reply_time');
    case 'requester_wait_time':
      return t('ui.sla.requester_wait_time');
    case 'agent_work_time':
      return t('ui.sla.agent_work_time');
    case 'periodic_update_time':
      return t('ui.sla.periodic_update_time');
    case 'pausable_update_time':
      return t('ui.sla.pausable_update_time');
    default:
      return metric;
  }
}

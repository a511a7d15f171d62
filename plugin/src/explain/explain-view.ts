import { h } from '../dom.js';
import { formatDurationWhole } from '../format.js';
import type { Translator } from '../i18n.js';
import type { Explanation } from '../types.js';
import { eventText, type NameOf } from './event-text.js';

type Span = NonNullable<NonNullable<Explanation['explanation']>['firstReply']>;
type Clock = { calendar: number | null; business: number | null };

/** A date and time in the agent's locale ("1 mar 2024, 09:00"), in UTC as the API gives it. */
export function formatInstant(t: Translator, iso: string): string {
  return new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

/**
 * Why one ticket has the numbers it has, as a timeline a team lead reads: each value with its
 * formula ("first reply = 10:15 − 09:00 = 1 h 15 min; on New York hours 1 h 15 min"), the
 * schedule by name, then the events in order with people by name, and where the values are defined.
 */
export function explainView(doc: Document, t: Translator, e: Explanation): HTMLElement {
  const names = new Map(e.people.map((p) => [p.id, p.name]));
  const nameOf: NameOf = (id) =>
    id === null || id === undefined
      ? t('ui.explain.nobody')
      : (names.get(id) ?? t('ui.explain.user', { id }));
  const schedule = e.schedules[0];
  const scheduleName = schedule === undefined ? null : schedule.name;
  const ex = e.explanation;
  const m = e.metrics;
  const formula = (label: string, span: Span | null | undefined, value: Clock | undefined) =>
    span === null || span === undefined || value === undefined
      ? null
      : h(
          doc,
          'li',
          { class: 'dp-formula' },
          h(doc, 'strong', null, label),
          ' = ',
          `${formatInstant(t, span.to)} − ${formatInstant(t, span.from)}`,
          ` = ${formatDurationWhole(t, value.calendar)}`,
          scheduleName === null || value.business === null
            ? null
            : h(
                doc,
                'span',
                { class: 'dp-hint' },
                ` · ${t('ui.explain.on_hours', { schedule: scheduleName, value: formatDurationWhole(t, value.business) })}`,
              ),
        );
  const wait =
    m === null || m.requesterWait.calendar === null
      ? null
      : h(
          doc,
          'li',
          { class: 'dp-formula' },
          h(doc, 'strong', null, t('ui.kpi.requester_wait')),
          ` = ${t('ui.explain.wait_formula')} = ${formatDurationWhole(t, m.requesterWait.calendar)}`,
          scheduleName === null || m.requesterWait.business === null
            ? null
            : h(
                doc,
                'span',
                { class: 'dp-hint' },
                ` · ${t('ui.explain.on_hours', { schedule: scheduleName, value: formatDurationWhole(t, m.requesterWait.business) })}`,
              ),
        );
  return h(
    doc,
    'section',
    { class: 'dp-section dp-explain' },
    h(doc, 'h3', { class: 'dp-section-title' }, t('ui.explain.title', { id: e.ticketId })),
    h(
      doc,
      'p',
      { class: 'dp-explain-schedule' },
      scheduleName === null
        ? t('ui.explain.no_schedule')
        : t('ui.explain.schedule', {
            name: scheduleName,
            zone: schedule?.timeZone ?? '',
          }),
      e.organization?.name == null
        ? null
        : h(doc, 'span', { class: 'dp-hint' }, ` · ${e.organization.name}`),
    ),
    ex === null || m === null
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.explain.not_analysed'))
      : h(
          doc,
          'ul',
          { class: 'dp-list dp-formulas' },
          formula(t('ui.kpi.first_reply'), ex.firstReply, m.firstReply),
          formula(t('ui.kpi.first_resolution'), ex.firstResolution, m.firstResolution),
          formula(t('ui.kpi.full_resolution'), ex.fullResolution, m.fullResolution),
          wait,
        ),
    e.events.length === 0
      ? h(doc, 'p', { class: 'dp-muted' }, t('ui.explain.no_events'))
      : h(
          doc,
          'ol',
          { class: 'dp-list dp-events' },
          ...e.events.map((ev) =>
            h(
              doc,
              'li',
              null,
              h(doc, 'time', { attrs: { datetime: ev.at } }, formatInstant(t, ev.at)),
              ' ',
              h(doc, 'span', { class: 'dp-event' }, eventText(t, ev, nameOf)),
            ),
          ),
        ),
    h(
      doc,
      'p',
      { class: 'dp-hint dp-definitions' },
      `${t('ui.explain.definitions')} `,
      h(doc, 'code', null, e.definitionsUrl),
    ),
  );
}

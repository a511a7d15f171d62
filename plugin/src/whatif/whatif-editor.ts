import { h, linkButton } from '../dom.js';
import type { Translator } from '../i18n.js';
import type { Schedule, SlaPolicy, SlaTarget } from '../../../src/domain/index.js';
import type { WhatIfProposal } from '../../../src/services/whatif/contracts.js';

const METRICS: readonly SlaTarget['metric'][] = [
  'first_reply_time',
  'next_reply_time',
  'requester_wait_time',
  'agent_work_time',
  'full_resolution_time',
];
const PRIORITIES = ['', 'urgent', 'high', 'normal', 'low'] as const;
// Weekly minutes start on Sunday (Zendesk's shape); the form lists Monday first.
const DAYS = [1, 2, 3, 4, 5, 6, 0] as const;
const MINUTES_PER_DAY = 1440;

/** The settings the form starts from: the policy and schedules in force (empty when unknown). */
export interface EditorStart {
  slaPolicy: SlaPolicy | null;
  schedules: Schedule[];
}

const select = (doc: Document, name: string, options: [string, string][], value: string) => {
  const el = h(doc, 'select', { class: 'dp-input', attrs: { name } });
  // The selected attribute, not `el.value =`: the same markup whatever DOM renders it.
  for (const [v, label] of options)
    el.append(
      h(doc, 'option', { attrs: v === value ? { value: v, selected: '' } : { value: v } }, label),
    );
  return el;
};

const input = (doc: Document, name: string, type: string, value: string) => {
  const el = h(doc, 'input', { class: 'dp-input', attrs: { name, type } });
  el.value = value;
  return el;
};

const clockText = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOf = (text: string) => {
  const [hh, mm] = text.split(':').map(Number);
  return (hh ?? 0) * 60 + (mm ?? 0);
};

/**
 * The proposal form: SLA targets (metric, priority, hours, business hours or not) and the
 * default schedule as uniform hours on the checked days, its time zone and holidays (one per
 * line, "YYYY-MM-DD name"). `proposal()` reads the form into the document the API takes.
 */
export function whatIfEditor(doc: Document, t: Translator, start: EditorStart) {
  const rows = h(doc, 'tbody', null);
  const addTarget = (target: SlaTarget) => {
    const row = h(
      doc,
      'tr',
      { attrs: { 'data-target': '' } },
      h(
        doc,
        'td',
        null,
        select(
          doc,
          'metric',
          METRICS.map((m) => [m, t(`ui.whatif.metric.${m}`)]),
          target.metric,
        ),
      ),
      h(
        doc,
        'td',
        null,
        select(
          doc,
          'priority',
          PRIORITIES.map((p) => [p, t(`ui.whatif.priority.${p === '' ? 'any' : p}`)]),
          target.priority ?? '',
        ),
      ),
      h(doc, 'td', null, input(doc, 'hours', 'number', String(target.targetSeconds / 3600))),
      h(doc, 'td', null, input(doc, 'business', 'checkbox', '')),
      h(
        doc,
        'td',
        null,
        linkButton(doc, t('ui.whatif.remove'), () => {
          row.remove();
        }),
      ),
    );
    const business = row.querySelector<HTMLInputElement>('input[name="business"]');
    if (business !== null) business.checked = target.businessHours;
    rows.append(row);
  };
  for (const target of start.slaPolicy?.targets ?? []) addTarget(target);

  const base = start.schedules[0];
  const first = base?.intervals[0];
  const open = new Set(
    base?.intervals.map((i) => Math.floor(i.startMinute / MINUTES_PER_DAY) % 7) ?? [1, 2, 3, 4, 5],
  );
  const changeSchedule = input(doc, 'change-schedule', 'checkbox', '');
  const zone = input(doc, 'timeZone', 'text', base?.timeZone ?? 'UTC');
  const from = input(doc, 'from', 'time', clockText((first?.startMinute ?? 540) % MINUTES_PER_DAY));
  const to = input(doc, 'to', 'time', clockText((first?.endMinute ?? 1020) % MINUTES_PER_DAY));
  const days = DAYS.map((d) => {
    const box = input(doc, `day-${String(d)}`, 'checkbox', '');
    box.checked = open.has(d);
    return { d, box };
  });
  const holidays = h(doc, 'textarea', {
    class: 'dp-input',
    attrs: { name: 'holidays', rows: '3' },
  });
  holidays.value = (base?.holidays ?? []).map((x) => `${x.startDate} ${x.name}`).join('\n');

  const element = h(
    doc,
    'div',
    { class: 'dp-whatif-editor' },
    h(doc, 'h3', null, t('ui.whatif.targets')),
    h(
      doc,
      'table',
      { class: 'dp-table' },
      h(
        doc,
        'thead',
        null,
        h(
          doc,
          'tr',
          null,
          ...['metric', 'priority', 'hours', 'business', ''].map((c) =>
            h(doc, 'th', null, c === '' ? '' : t(`ui.whatif.col.${c}`)),
          ),
        ),
      ),
      rows,
    ),
    h(
      doc,
      'button',
      {
        class: 'dp-button',
        attrs: { type: 'button', 'data-action': 'add-target' },
        on: {
          click: () => {
            addTarget({
              metric: 'first_reply_time',
              priority: null,
              targetSeconds: 3600,
              businessHours: true,
            });
          },
        },
      },
      t('ui.whatif.add_target'),
    ),
    h(doc, 'h3', null, t('ui.whatif.schedule')),
    h(doc, 'label', null, changeSchedule, t('ui.whatif.change_schedule')),
    h(
      doc,
      'div',
      { class: 'dp-controls' },
      h(doc, 'label', null, t('ui.whatif.time_zone'), zone),
      h(doc, 'label', null, t('ui.whatif.hours_from'), from),
      h(doc, 'label', null, t('ui.whatif.hours_to'), to),
      ...days.map(({ d, box }) => h(doc, 'label', null, box, t(`ui.whatif.day.${String(d)}`))),
    ),
    h(doc, 'label', null, t('ui.whatif.holidays'), holidays),
  );

  const proposal = (): WhatIfProposal => {
    const targets: SlaTarget[] = [...rows.querySelectorAll('tr[data-target]')].map((row) => {
      const value = (name: string) =>
        row.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '';
      const priority = value('priority');
      return {
        metric: value('metric') as SlaTarget['metric'],
        priority: priority === '' ? null : (priority as NonNullable<SlaTarget['priority']>),
        targetSeconds: Math.round(Number(value('hours')) * 3600),
        businessHours: row.querySelector<HTMLInputElement>('[name="business"]')?.checked === true,
      };
    });
    const result: WhatIfProposal = {
      slaPolicy: {
        id: start.slaPolicy?.id ?? 'whatif',
        name: start.slaPolicy?.name ?? t('ui.whatif.title'),
        targets,
      },
    };
    if (changeSchedule.checked) result.schedules = [scheduleOf()];
    return result;
  };

  const scheduleOf = (): Schedule => {
    const startMinute = minuteOf(from.value);
    const endMinute = minuteOf(to.value);
    // An end at or before the start is an overnight shift into the next day.
    const length =
      endMinute > startMinute ? endMinute - startMinute : endMinute + MINUTES_PER_DAY - startMinute;
    return {
      id: base?.id ?? 'whatif-office',
      name: base?.name ?? t('ui.whatif.schedule'),
      timeZone: zone.value.trim(),
      intervals: days
        .filter(({ box }) => box.checked)
        .map(({ d }) => ({
          startMinute: d * MINUTES_PER_DAY + startMinute,
          endMinute: d * MINUTES_PER_DAY + startMinute + length,
        }))
        .sort((a, b) => a.startMinute - b.startMinute),
      holidays: holidays.value
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => {
          const [date = '', ...name] = line.split(/\s+/);
          return { name: name.join(' ') || date, startDate: date, endDate: date };
        }),
    };
  };

  return { element, proposal };
}

import { formatDurationWhole, formatNumber } from '../format.js';
import { plural, type Translator } from '../i18n.js';
import type { EffortReason, RiskReason } from '../types.js';

/** One effort driver of a customer in the agent's language: what happened, on how many tickets. */
export function effortReasonText(t: Translator, r: EffortReason): string {
  const n = r.tickets;
  switch (r.driver) {
    case 'customerFollowUps':
      return plural(t, n, {
        one: 'ui.effort.reason.follow_ups_one',
        other: 'ui.effort.reason.follow_ups_other',
      });
    case 'reopens':
      return plural(t, n, {
        one: 'ui.effort.reason.reopens_one',
        other: 'ui.effort.reason.reopens_other',
      });
    case 'handoffs':
      return plural(t, n, {
        one: 'ui.effort.reason.handoffs_one',
        other: 'ui.effort.reason.handoffs_other',
      });
    case 'requesterWaitHours':
      // The threshold is the team's p75 wait, shown so "waited long" says against what.
      return plural(
        t,
        n,
        { one: 'ui.effort.reason.waited_one', other: 'ui.effort.reason.waited_other' },
        { threshold: formatDurationWhole(t, r.thresholdSeconds) },
      );
    case 'channelSwitches':
      return plural(t, n, {
        one: 'ui.effort.reason.channel_switches_one',
        other: 'ui.effort.reason.channel_switches_other',
      });
    case 'repeatContacts':
      return plural(t, n, {
        one: 'ui.effort.reason.repeat_contacts_one',
        other: 'ui.effort.reason.repeat_contacts_other',
      });
  }
}

/** One reason of the risk badge in the agent's language, with its numbers and plural forms. */
export function riskReasonText(t: Translator, r: RiskReason): string {
  switch (r.code) {
    case 'open_wait':
      return t('ui.risk.reason.open_wait', { value: formatDurationWhole(t, r.hours * 3600) });
    case 'recent_reopens':
      return plural(
        t,
        r.count,
        { one: 'ui.risk.reason.recent_reopens_one', other: 'ui.risk.reason.recent_reopens_other' },
        { days: r.days },
      );
    case 'bad_csat':
      return plural(
        t,
        r.count,
        { one: 'ui.risk.reason.bad_csat_one', other: 'ui.risk.reason.bad_csat_other' },
        { days: r.days },
      );
    case 'low_ces':
      return t('ui.risk.reason.low_ces', {
        value: formatNumber(t, r.value),
        max: formatNumber(t, r.scaleMax, 0),
      });
    case 'high_effort':
      return t('ui.risk.reason.high_effort', { score: formatNumber(t, r.score, 0) });
    case 'recent_contacts':
      return plural(
        t,
        r.count,
        {
          one: 'ui.risk.reason.recent_contacts_one',
          other: 'ui.risk.reason.recent_contacts_other',
        },
        { days: r.days },
      );
  }
}

/** "3 open · 1 solved" parts of the tickets fact, each with its own plural form. */
export function ticketCountsText(
  t: Translator,
  counts: { total: number; open: number; solved: number },
): string {
  return t('ui.context.tickets_value', {
    total: formatNumber(t, counts.total, 0),
    open: plural(t, counts.open, { one: 'ui.context.open_one', other: 'ui.context.open_other' }),
    solved: plural(t, counts.solved, {
      one: 'ui.context.solved_one',
      other: 'ui.context.solved_other',
    }),
  });
}

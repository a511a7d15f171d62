import { formatDurationWhole } from '../format.js';
import { plural, type Translator } from '../i18n.js';
import type { EffortReason } from '../types.js';

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

import { channelLabel } from '../channel-label.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type { RequesterContext } from '../types.js';

type Fact = (label: string, value: string, hint?: string) => HTMLElement;

/**
 * How the customer gets in touch, as facts of the context's summary list: preferred channel
 * (with the others), interactions per ticket and the share of their tickets resolved. Facts
 * without data are left out.
 */
export function activityFacts(
  t: Translator,
  activity: RequesterContext['activity'],
  fact: Fact,
): HTMLElement[] {
  const facts: HTMLElement[] = [];
  const [top, ...others] = activity.channels;
  if (activity.preferredChannel !== null && top !== undefined) {
    const hint =
      others.length === 0
        ? undefined
        : t('ui.context.other_channels', {
            list: others
              .map((c) => `${channelLabel(t, c.channel)} ${formatNumber(t, c.tickets, 0)}`)
              .join(' · '),
          });
    facts.push(
      fact(
        t('ui.context.preferred_channel'),
        t('ui.context.preferred_channel_value', {
          channel: channelLabel(t, activity.preferredChannel),
          n: formatNumber(t, top.tickets, 0),
        }),
        hint,
      ),
    );
  }
  if (activity.interactionsPerTicket !== null) {
    facts.push(
      fact(t('ui.context.interactions'), formatNumber(t, activity.interactionsPerTicket, 1)),
    );
  }
  if (activity.resolutionRate !== null) {
    facts.push(fact(t('ui.context.resolution_rate'), formatPercent(t, activity.resolutionRate)));
  }
  return facts;
}

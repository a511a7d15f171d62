import { compareExperience, churnRates, type AccountLife } from '../../metrics/health-churn.js';
import { healthSignals, type HealthTicket } from '../../metrics/health-signals.js';
import type { OrganizationFacts } from '../../store/store.js';
import { instantRange } from '../kpi/range.js';
import type { HealthDeps } from './refresh.js';
import type { HealthChurn, HealthRangeQuery } from './schemas.js';
import { dateField, healthSettings, type HealthSettings } from './settings.js';

/** "The months before churn": the experience compared is that of the last 90 days. */
export const CHURN_LOOKBACK_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Churn rate and CRR over the range from the organisations' churn markers, and churned vs
 * retained accounts' support experience in the 90 days before churn (before the range's end for
 * retained ones). Only organisations are accounts here: a requester has no churn marker.
 */
export async function healthChurn(
  deps: HealthDeps,
  installationId: string,
  query: HealthRangeQuery,
): Promise<HealthChurn> {
  const settings = await healthSettings(deps.store, installationId);
  const range = instantRange(query.from, query.to, deps.reportingTimeZone);
  const base = { from: query.from, to: query.to, lookbackDays: CHURN_LOOKBACK_DAYS };
  if (settings.churnDateField === null && settings.churnTag === null) {
    return {
      ...base,
      status: 'not_configured',
      ...churnRates([], range.start, range.end),
      comparison: [],
    };
  }
  const orgs = await deps.store.listOrganizationFacts(installationId);
  const lives = orgs.flatMap((o) => {
    const life = accountLife(o, settings);
    return life === null ? [] : [life];
  });
  const tickets = await deps.store.listHealthTickets(installationId, {
    from: range.start - 2 * CHURN_LOOKBACK_DAYS * DAY_MS,
    to: range.end,
  });
  const byAccount = new Map<string, HealthTicket[]>();
  for (const t of tickets) {
    const list = byAccount.get(t.accountId);
    if (list === undefined) byAccount.set(t.accountId, [t]);
    else list.push(t);
  }
  const signalsBefore = (l: AccountLife, at: number) =>
    healthSignals(byAccount.get(l.accountId) ?? [], at, CHURN_LOOKBACK_DAYS);
  const churned = lives.filter(
    (l) => l.churnedAt !== null && l.churnedAt >= range.start && l.churnedAt < range.end,
  );
  const retained = lives.filter(
    (l) => l.since < range.end && (l.churnedAt === null || l.churnedAt >= range.end),
  );
  return {
    ...base,
    status: 'ok',
    ...churnRates(lives, range.start, range.end),
    comparison: compareExperience(
      churned.map((l) => signalsBefore(l, l.churnedAt ?? range.end)),
      retained.map((l) => signalsBefore(l, range.end)),
    ),
  };
}

/**
 * An organisation's life: a customer since the helpdesk created it (else since its first
 * ticket; without either it is left out), churned at its churn date, or — marked by the churn
 * tag without a date — at its last update.
 */
export function accountLife(org: OrganizationFacts, settings: HealthSettings): AccountLife | null {
  const since = org.createdAt ?? org.firstTicketAt;
  if (since === null) return null;
  const dated =
    settings.churnDateField === null ? null : dateField(org.fields[settings.churnDateField]);
  const tagged = settings.churnTag !== null && org.tags.includes(settings.churnTag);
  const churnedAt = dated ?? (tagged ? org.updatedAt : null);
  return { accountId: org.id, since, churnedAt };
}

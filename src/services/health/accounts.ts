import type { LocalDate } from '../../domain/index.js';
import { HEALTH_WINDOW_DAYS } from '../../metrics/health-signals.js';
import type { OrganizationFacts, StoredHealthScore } from '../../store/store.js';
import { instantRange } from '../kpi/range.js';
import { refreshHealth, type HealthDeps } from './refresh.js';
import {
  StoredHealthDataSchema,
  type HealthAccount,
  type HealthAccountDetail,
  type HealthAccounts,
  type HealthAccountsQuery,
  type HealthRangeQuery,
} from './schemas.js';
import { healthSettings, numericField, type HealthSettings } from './settings.js';

const REQUESTER = 'requester:';

/**
 * The accounts scored on `to` (today when `to` is later), ranked for a team lead: by value at
 * risk when values are known, then by score, lowest first; each with its reasons and its daily
 * trend over the range.
 */
export async function listHealthAccounts(
  deps: HealthDeps,
  installationId: string,
  query: HealthAccountsQuery,
): Promise<HealthAccounts> {
  const today = await refreshHealth(deps, installationId);
  const day = query.to < today ? query.to : today;
  const [stored, settings, orgs] = await Promise.all([
    deps.store.listHealthScores(installationId, { from: query.from, to: day }),
    healthSettings(deps.store, installationId),
    deps.store.listOrganizationFacts(installationId),
  ]);
  const accounts = await buildAccounts(deps, installationId, stored, day, settings, orgs);
  const ranked = accounts.sort(
    (a, b) =>
      (b.valueAtRisk ?? 0) - (a.valueAtRisk ?? 0) ||
      a.score - b.score ||
      a.accountId.localeCompare(b.accountId),
  );
  const atRisk = ranked.filter((a) => a.status === 'at_risk');
  return {
    from: query.from,
    to: day,
    timeZone: deps.reportingTimeZone,
    accounts: ranked
      .filter((a) => query.status === 'all' || a.status === query.status)
      .slice(0, query.limit),
    totals: {
      accounts: ranked.length,
      atRisk: atRisk.length,
      watch: ranked.filter((a) => a.status === 'watch').length,
      valueAtRisk:
        settings.valueField === null ? null : atRisk.reduce((s, a) => s + (a.value ?? 0), 0),
    },
  };
}

/** One account's score, reasons and trend over the range, and its window's tickets. */
export async function healthAccountDetail(
  deps: HealthDeps,
  installationId: string,
  accountId: string,
  query: HealthRangeQuery,
): Promise<HealthAccountDetail> {
  const today = await refreshHealth(deps, installationId);
  const day = query.to < today ? query.to : today;
  const [stored, settings, orgs] = await Promise.all([
    deps.store.listHealthScores(installationId, { from: query.from, to: day, accountId }),
    healthSettings(deps.store, installationId),
    deps.store.listOrganizationFacts(installationId),
  ]);
  const [account] = await buildAccounts(deps, installationId, stored, day, settings, orgs);
  const end = Math.min(instantRange(day, day, deps.reportingTimeZone).end, deps.now() + 1);
  const tickets = await deps.store.listHealthTickets(installationId, {
    from: end - HEALTH_WINDOW_DAYS * 86_400_000,
    to: end,
  });
  return {
    account: account ?? null,
    tickets: tickets
      .filter((t) => t.accountId === accountId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((t) => ({
        ticketId: t.ticketId,
        createdAt: new Date(t.createdAt).toISOString(),
        open: t.solvedAt === null || t.solvedAt >= end,
        csat: t.csat,
        reopened: t.reopened,
        escalated: t.escalated,
      })),
  };
}

async function buildAccounts(
  deps: HealthDeps,
  installationId: string,
  stored: readonly StoredHealthScore[],
  day: LocalDate,
  settings: HealthSettings,
  orgs: readonly OrganizationFacts[],
): Promise<HealthAccount[]> {
  const trends = new Map<string, StoredHealthScore[]>();
  for (const s of stored) {
    const list = trends.get(s.accountId);
    if (list === undefined) trends.set(s.accountId, [s]);
    else list.push(s);
  }
  const current = stored.filter((s) => s.day === day);
  const requesterIds = current
    .filter((s) => s.accountId.startsWith(REQUESTER))
    .map((s) => s.accountId.slice(REQUESTER.length));
  const names = await deps.store.listDisplayNames(installationId, { userIds: requesterIds });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  return current.map((s) => {
    const data = StoredHealthDataSchema.parse(s.data);
    const isRequester = s.accountId.startsWith(REQUESTER);
    const org = isRequester ? undefined : orgById.get(s.accountId);
    const value =
      settings.valueField === null || org === undefined
        ? null
        : numericField(org.fields[settings.valueField]);
    return {
      accountId: s.accountId,
      kind: isRequester ? 'requester' : 'organization',
      name: isRequester
        ? (names.users.get(s.accountId.slice(REQUESTER.length)) ?? null)
        : (org?.name ?? null),
      day: s.day,
      score: s.score,
      status: s.status,
      tickets: s.tickets,
      reasons: data.reasons,
      signals: data.signals,
      value,
      valueAtRisk: value === null ? null : s.status === 'at_risk' ? value : 0,
      trend: (trends.get(s.accountId) ?? []).map((t) => ({
        day: t.day,
        score: t.score,
        status: t.status,
      })),
    };
  });
}

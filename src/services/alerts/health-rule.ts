import type { AlertRule } from '../../store/store.js';
import { addDays } from '../../metrics/calendar-day.js';
import { listHealthAccounts } from '../health/accounts.js';
import type { HealthDeps } from '../health/refresh.js';
import { localDate } from '../kpi/range.js';

export type HealthRule = Extract<AlertRule, { type: 'account_at_risk' }>;

/** What the webhook body tells about a health firing: the accounts that dropped today. */
export interface HealthFiring {
  minValue: number;
  accounts: { accountId: string; name: string | null; score: number; value: number | null }[];
}

export interface HealthJudgement {
  outcome: 'fired' | 'ok' | 'insufficient_sample';
  /** The number of accounts that dropped to at risk today. */
  value: number | null;
  /** Accounts scored today. */
  n: number;
  firing: HealthFiring | null;
}

/**
 * "An account with value ≥ X dropped to at risk": fires when an account is at risk today and was
 * not yesterday (or had no score), and its value (the `valueField` setting) is at least
 * `minValue`. An account whose value is unknown qualifies only for `minValue` 0. `minSample`
 * counts the accounts scored today.
 */
export async function judgeHealthRule(
  deps: HealthDeps,
  installationId: string,
  minSample: number,
  rule: HealthRule,
): Promise<HealthJudgement> {
  // Today's local date from the injected clock, not the machine's.
  const to = localDate(deps.now(), deps.reportingTimeZone);
  const list = await listHealthAccounts(deps, installationId, {
    from: addDays(to, -1),
    to,
    status: 'all',
    limit: 1000,
  });
  if (list.totals.accounts < minSample) {
    return { outcome: 'insufficient_sample', value: null, n: list.totals.accounts, firing: null };
  }
  const yesterday = addDays(to, -1);
  const dropped = list.accounts.filter((a) => {
    if (a.status !== 'at_risk') return false;
    const before = a.trend.find((p) => p.day === yesterday);
    if (before?.status === 'at_risk') return false;
    return a.value === null ? rule.minValue === 0 : a.value >= rule.minValue;
  });
  return {
    outcome: dropped.length > 0 ? 'fired' : 'ok',
    value: dropped.length,
    n: list.totals.accounts,
    firing:
      dropped.length === 0
        ? null
        : {
            minValue: rule.minValue,
            accounts: dropped.map((a) => ({
              accountId: a.accountId,
              name: a.name,
              score: a.score,
              value: a.value,
            })),
          },
  };
}

import { chance } from './prng.js';

/**
 * Planted churn (customer health's ground truth, opt-in with the data set's `churn` option):
 * about one organisation in five churns at a date in the last 40 % of the window, and in the
 * 45 days before that date its tickets go badly — more reopens, bad ratings, hard CES answers,
 * group hops — so a health score that works ranks it at risk before it leaves. Every
 * organisation carries an `arr` field (its value) and churners a `churned_on` date field and a
 * `churned` tag, as an account team would mark them in Zendesk.
 */
export interface ChurnPlan {
  /** Organisation id → churn instant (ms, midnight UTC). */
  churners: ReadonlyMap<number, number>;
  /** Organisation id → its value (the `arr` field). */
  values: ReadonlyMap<number, number>;
  /** Churner id → its customers (numbers `c`), who write the extra contacts. */
  customers: ReadonlyMap<number, readonly number[]>;
}

/** How long before its churn date an account's experience degrades. */
export const DEGRADE_MS = 45 * 86_400_000;
const CHURN_SHARE = 1 / 5;
const DAY_MS = 86_400_000;

/** Share of all tickets moved to a degrading churner's customers: its contacts spike. */
const EXTRA_CONTACT_SHARE = 0.1;

export function churnPlan(
  seed: number,
  organizations: number,
  firstOrgId: number,
  window: { startMs: number; endMs: number },
  customers: { count: number; organizationOf: (c: number) => number | null },
): ChurnPlan {
  const { startMs, endMs } = window;
  const churners = new Map<number, number>();
  const values = new Map<number, number>();
  for (let k = 0; k < organizations; k += 1) {
    const id = firstOrgId + k;
    values.set(id, 1000 * Math.round(5 + 95 * chance(seed, 'arr', k)));
    if (chance(seed, 'churn', k) >= CHURN_SHARE) continue;
    const at = startMs + (0.6 + 0.4 * chance(seed, 'churn-at', k)) * (endMs - startMs);
    churners.set(id, Math.floor(at / DAY_MS) * DAY_MS);
  }
  const members = new Map<number, number[]>();
  for (let c = 0; c < customers.count; c += 1) {
    const org = customers.organizationOf(c);
    if (org === null || !churners.has(org)) continue;
    const list = members.get(org);
    if (list === undefined) members.set(org, [c]);
    else list.push(c);
  }
  return { churners, values, customers: members };
}

/**
 * The customer who writes ticket `index` instead of the one drawn, when the ticket is one of a
 * degrading churner's extra contacts; null otherwise. Its own draws (`chance`), so the data set
 * without a plan, and every other draw, stay as they were.
 */
export function plantedCustomer(
  plan: ChurnPlan | undefined,
  seed: number,
  index: number,
  createdAt: number,
): number | null {
  if (plan === undefined || chance(seed, 'plant', index) >= EXTRA_CONTACT_SHARE) return null;
  const degrading = [...plan.churners].filter(
    ([id, at]) => createdAt >= at - DEGRADE_MS && createdAt < at && plan.customers.has(id),
  );
  if (degrading.length === 0) return null;
  const pick = degrading[Math.floor(chance(seed, 'plant-org', index) * degrading.length)];
  const members = pick === undefined ? undefined : plan.customers.get(pick[0]);
  if (members === undefined || members.length === 0) return null;
  return members[Math.floor(chance(seed, 'plant-customer', index) * members.length)] ?? null;
}

/** True for a ticket of a planted churner created in the 45 days before its churn. */
export function isDegraded(plan: ChurnPlan | undefined, orgId: number | null, at: number): boolean {
  if (plan === undefined || orgId === null) return false;
  const churnAt = plan.churners.get(orgId);
  return churnAt !== undefined && at >= churnAt - DEGRADE_MS && at < churnAt;
}

/** The organisation export's extra keys under a plan: the value field, churn date and tag. */
export function organizationExtras(
  plan: ChurnPlan | undefined,
  orgId: number,
): { organization_fields: Record<string, string | number | null>; tags: string[] } | object {
  if (plan === undefined) return {};
  const churnAt = plan.churners.get(orgId);
  return {
    organization_fields: {
      arr: plan.values.get(orgId) ?? null,
      churned_on: churnAt === undefined ? null : new Date(churnAt).toISOString().slice(0, 10),
    },
    tags: churnAt === undefined ? [] : ['churned'],
  };
}

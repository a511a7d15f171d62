import { z } from 'zod';
import {
  PrioritySchema,
  type SlaMetric,
  type SlaPolicy,
  type SlaTarget,
} from '../../domain/index.js';
import { ConnectorError } from '../errors.js';
import type { ZendeskClient } from './client.js';
import { issues, parseEnvelope } from './payload.js';

const PoliciesSchema = z.looseObject({
  sla_policies: z.array(z.unknown()),
  next_page: z.string().nullish(),
});

const ConditionSchema = z.looseObject({ field: z.string() });

/** One policy of `GET /api/v2/slas/policies` (targets in minutes, per priority). */
export const ZendeskSlaPolicySchema = z.looseObject({
  id: z.union([z.number().int(), z.string()]).transform(String),
  title: z.string(),
  position: z.number().int().nullish(),
  filter: z
    .looseObject({
      all: z.array(ConditionSchema).nullish(),
      any: z.array(ConditionSchema).nullish(),
    })
    .nullish(),
  policy_metrics: z.array(
    z.looseObject({
      priority: PrioritySchema,
      metric: z.string(),
      target: z.number().positive(),
      target_in_seconds: z.number().positive().nullish(),
      business_hours: z.boolean(),
    }),
  ),
});
export type ZendeskSlaPolicy = z.infer<typeof ZendeskSlaPolicySchema>;

// Zendesk's policy metric names → ours; the update-time metrics have no counterpart in the engine.
const METRICS: Readonly<Record<string, SlaMetric>> = {
  first_reply_time: 'first_reply_time',
  next_reply_time: 'next_reply_time',
  requester_wait_time: 'requester_wait_time',
  agent_work_time: 'agent_work_time',
  resolution_time: 'full_resolution_time',
  total_resolution_time: 'full_resolution_time',
};

/**
 * The account's SLA policy in the engine's shape: Deskpulse evaluates one policy per account
 * (targets by priority), while Zendesk picks the first policy by `position` whose filter matches
 * the ticket. So the catch-all policy (no filter conditions) of lowest position is taken, else
 * the lowest-position policy, whose filter is then not evaluated (a warning says so). Null when
 * the account has no policy. Pure.
 */
export function mapSlaPolicies(
  policies: readonly ZendeskSlaPolicy[],
  warn: (message: string) => void,
): SlaPolicy | null {
  const ordered = [...policies].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
  const conditions = (p: ZendeskSlaPolicy) =>
    (p.filter?.all?.length ?? 0) + (p.filter?.any?.length ?? 0);
  const catchAll = ordered.find((p) => conditions(p) === 0);
  const chosen = catchAll ?? ordered[0];
  if (chosen === undefined) return null;
  if (catchAll === undefined) {
    warn(
      `Zendesk SLA policy ${chosen.id} ("${chosen.title}") applied to every ticket: its filter is not evaluated`,
    );
  }
  const targets: SlaTarget[] = [];
  for (const m of chosen.policy_metrics) {
    const metric = METRICS[m.metric];
    if (metric === undefined) {
      warn(`Zendesk SLA policy ${chosen.id}: metric ${m.metric} is not measured; skipped`);
      continue;
    }
    targets.push({
      metric,
      priority: m.priority,
      targetSeconds: m.target_in_seconds ?? m.target * 60,
      businessHours: m.business_hours,
    });
  }
  return { id: chosen.id, name: chosen.title, targets };
}

/**
 * Reads the account's SLA policies (one page holds them all: Zendesk lists every policy) and maps
 * them with {@link mapSlaPolicies}. A bad policy is skipped with a warning. Plans without SLA
 * policies refuse the endpoint (403) or lack it (404): that is "no policy", not a failed sync
 * (the schedules, read first with the same credentials, already proved them).
 */
export async function slaPolicy(
  client: ZendeskClient,
  warn: (message: string) => void,
): Promise<SlaPolicy | null> {
  const path = '/api/v2/slas/policies.json';
  let body: unknown;
  try {
    body = await client.get(path);
  } catch (error) {
    if (error instanceof ConnectorError && ['AUTH_FAILED', 'NOT_FOUND'].includes(error.code)) {
      warn(`${error.message}; no SLA policy imported`);
      return null;
    }
    throw error;
  }
  const list = parseEnvelope(PoliciesSchema, body, `Zendesk GET ${path}`);
  const policies: ZendeskSlaPolicy[] = [];
  for (const raw of list.sla_policies) {
    const parsed = ZendeskSlaPolicySchema.safeParse(raw);
    if (parsed.success) policies.push(parsed.data);
    else warn(`Zendesk SLA policy skipped: invalid (${issues(parsed)})`);
  }
  return mapSlaPolicies(policies, warn);
}

import type { HelpdeskConnector, UserFieldSpec } from '../../connectors/connector.js';
import { CustomerContextSchema } from '../sidebar/contracts.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { PUSH_BACK_RATE_LIMIT, recordRateLimit } from './rate-limit-counts.js';

/** The user fields Deskpulse owns in the helpdesk; created once per installation. */
export const DESKPULSE_USER_FIELDS: readonly UserFieldSpec[] = [
  {
    key: 'deskpulse_effort',
    title: 'Deskpulse effort',
    type: 'integer',
    description: 'Estimated customer effort over recent tickets, 0-100 (higher = more effort).',
  },
  {
    key: 'deskpulse_reopens_90d',
    title: 'Deskpulse reopens (90 days)',
    type: 'integer',
    description: 'Reopens of this requester’s tickets in the last 90 days.',
  },
  {
    key: 'deskpulse_risk',
    title: 'Deskpulse risk',
    type: 'text',
    description: 'Risk badge: low, medium or high.',
  },
  {
    key: 'deskpulse_median_resolution_minutes',
    title: 'Deskpulse median resolution (min)',
    type: 'decimal',
    description: 'Median full resolution time of recent tickets, calendar minutes.',
  },
];

/** Dependencies of push-back: the analysis deps plus a connector per installation. */
export type PushBackDeps = Pick<AnalysisDeps, 'store' | 'now'> & {
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
};

// Only the fields push-back writes, as the sidebar's contract defines them (none holds an instant,
// so they read the stored summary as is).
const PushedFieldsSchema = CustomerContextSchema.pick({
  effort: true,
  reopens: true,
  risk: true,
  medianFullResolution: true,
});

// Field creation is idempotent in the helpdesk but costs API budget: once per process is enough.
const ensuredInstallations = new Set<string>();

/**
 * Writes a requester's compact summary to their helpdesk user fields and notifies open sidebars,
 * unless this exact summary was already pushed. Connector errors propagate, so the queue retries
 * (RATE_LIMITED after its Retry-After). Returns whether anything was written.
 */
export async function pushBack(
  deps: PushBackDeps,
  payload: JobPayload<'helpdesk.pushBack'>,
): Promise<boolean> {
  const { store } = deps;
  const { installationId, requesterId } = payload;
  const stored = await store.getSummary(installationId, 'requester', requesterId);
  if (stored === null || stored.hash === stored.pushedHash) return false;
  const connector = await deps.connectorFor(installationId);
  try {
    await connectorWithFields(deps, installationId);
    await connector.updateUserFields(requesterId, pushedValues(stored.summary));
    const installation = await store.getInstallation(installationId);
    const appId = installation?.settings['appId'];
    await connector.notifyApp({
      appId: typeof appId === 'string' && appId !== '' ? appId : 'deskpulse',
      event: 'deskpulse.summary_updated',
      body: { requesterId },
    });
  } finally {
    // Its 429s count like a sync's (sync status, /metrics), whether or not it got through.
    await recordRateLimit(store, connector, installationId, PUSH_BACK_RATE_LIMIT, deps.now());
  }
  await store.markSummaryPushed(installationId, 'requester', requesterId, stored.hash);
  return true;
}

/** The installation's connector, with Deskpulse's user fields ensured once per process. */
export async function connectorWithFields(
  deps: PushBackDeps,
  installationId: string,
): Promise<HelpdeskConnector> {
  const connector = await deps.connectorFor(installationId);
  if (!ensuredInstallations.has(installationId)) {
    await connector.ensureUserFields(DESKPULSE_USER_FIELDS);
    ensuredInstallations.add(installationId);
  }
  return connector;
}

/** The user-field values a stored requester summary is written back as. */
export function pushedValues(summary: unknown): Record<string, string | number | null> {
  const fields = PushedFieldsSchema.parse(summary);
  const median = fields.medianFullResolution.requester.calendar;
  return {
    deskpulse_effort: fields.effort?.score ?? null,
    deskpulse_reopens_90d: fields.reopens.last90d,
    deskpulse_risk: fields.risk.level,
    deskpulse_median_resolution_minutes: median === null ? null : Math.round(median / 0.6) / 100,
  };
}

/** Forgets which installations have their fields ensured (tests; a reinstalled app). */
export function resetEnsuredUserFields(): void {
  ensuredInstallations.clear();
}

import type { z } from 'zod';
import type { HelpdeskConnector } from '../../connectors/connector.js';
import { ConnectorError } from '../../connectors/errors.js';
import { AppError, NotFoundError } from '../../errors.js';
import { decryptSecret, encryptSecret } from '../../security/secrets.js';
import type {
  Installation,
  ApiStoreQueries,
  InstallationStore,
  ScheduleStore,
} from '../../store/store.js';
import { InstallationSettingsSchema } from './installation-schemas.js';
import { iso } from '../sidebar/iso.js';
import {
  ADMIN_SCHEDULE_IDS,
  adminScheduleIdsOf,
  slaPolicyWithSource,
  type ApiSettingsSchema,
} from '../sidebar/settings.js';
import { reconcileAnalysisSettings, type ReanalysisDeps } from '../pipeline/reanalysis.js';

/** An installation as the admin API shows it: never the credentials or the secret hash. */
export function publicInstallation(installation: Installation) {
  return {
    id: installation.id,
    helpdesk: installation.helpdesk,
    domain: installation.domain,
    settings: installation.settings,
    createdAt: iso(installation.createdAt),
  };
}

async function load(
  store: ApiStoreQueries & InstallationStore & ScheduleStore,
  installationId: string,
): Promise<Installation> {
  const installation = await store.getInstallation(installationId);
  if (installation === null) throw new NotFoundError('no such installation');
  return installation;
}

/**
 * Replaces the given settings keys (the field mapping and SLA policy; others stay as they were;
 * `slaPolicy: null` drops the admin's policy) and stores the schedules as the admin's (syncs no
 * longer refresh those), then starts re-analysing the history those settings change (in the
 * background, through the analysis outbox) and answers with the settings in force, each SLA
 * policy and schedule marked with its source, and the re-analysis' progress. Connectors already
 * built keep their mapping until the process restarts (the connector factory caches them per
 * installation).
 */
export async function updateSettings(
  deps: ReanalysisDeps,
  installationId: string,
  body: z.output<typeof ApiSettingsSchema>,
) {
  const { store } = deps;
  const installation = await load(store, installationId);
  const { schedules, slaPolicy, ...mapping } = body;
  const merged: Record<string, unknown> = { ...installation.settings, ...mapping };
  if (slaPolicy === null) delete merged['slaPolicy'];
  else if (slaPolicy !== undefined) merged['slaPolicy'] = slaPolicy;
  if (schedules !== undefined) {
    const ids = new Set([...adminScheduleIdsOf(merged), ...schedules.map((s) => s.id)]);
    merged[ADMIN_SCHEDULE_IDS] = [...ids].sort();
  }
  // The merged whole must still be what the connector factory accepts.
  const check = InstallationSettingsSchema.safeParse(merged);
  if (!check.success) {
    throw new AppError('VALIDATION_FAILED', 'stored settings would become invalid', {
      status: 400,
    });
  }
  await store.updateInstallationSettings(installationId, merged);
  if (schedules !== undefined) await store.saveSchedules(installationId, schedules);
  const reanalysis = await reconcileAnalysisSettings(deps, installationId);
  const adminIds = new Set(adminScheduleIdsOf(merged));
  const stored = await store.listSchedules(installationId);
  return {
    settings: merged,
    slaPolicy: slaPolicyWithSource(merged),
    schedules: stored.map((s) => ({
      ...s,
      source: adminIds.has(s.id) ? ('admin' as const) : ('helpdesk' as const),
    })),
    reanalysis,
  };
}

/**
 * Registers the Zendesk webhook + trigger pointing at this server, then stores the signing secret
 * Zendesk generated in place of the one made at registration (inside the encrypted credentials),
 * so webhook intake verifies the real deliveries from then on.
 */
export async function registerWebhook(
  deps: {
    store: ApiStoreQueries & InstallationStore & ScheduleStore;
    encryptionKey: Buffer;
    publicUrl: string | null;
    connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  },
  installationId: string,
) {
  const installation = await load(deps.store, installationId);
  const connector = await deps.connectorFor(installation.id);
  if (connector.registerWebhook === undefined) {
    throw new AppError('UNSUPPORTED_HELPDESK', 'webhook registration is for Zendesk', {
      status: 422,
    });
  }
  if (deps.publicUrl === null) {
    throw new AppError('PUBLIC_URL_UNSET', 'webhook registration needs PUBLIC_URL', {
      status: 503,
    });
  }
  const secrets = JSON.parse(decryptSecret(installation.credentials, deps.encryptionKey)) as Record<
    string,
    unknown
  >;
  const endpoint = `${deps.publicUrl.replace(/\/+$/, '')}/webhooks/zendesk/${installation.id}`;
  let registered;
  try {
    registered = await connector.registerWebhook(endpoint);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    throw new AppError('HELPDESK_ERROR', `Zendesk refused: ${error.message}`, { status: 502 });
  }
  const updated = { ...secrets, webhookSecret: registered.signingSecret };
  await deps.store.updateInstallationCredentials(
    installation.id,
    encryptSecret(JSON.stringify(updated), deps.encryptionKey),
  );
  return { webhookId: registered.webhookId, triggerId: registered.triggerId, endpoint };
}

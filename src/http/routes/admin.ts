import { z } from 'zod';
import {
  backfillProgress,
  BackfillProgressSchema,
  BackfillBodySchema,
  startBackfill,
} from '../../services/admin/backfill.js';
import {
  deleteInstallation,
  listInstallationSummaries,
  rotateAppSecret,
  RotatedSecretSchema,
  showInstallation,
} from '../../services/admin/installation-lifecycle.js';
import {
  publicInstallation,
  registerWebhook,
  updateSettings,
} from '../../services/admin/installation-admin.js';
import {
  listQuarantine,
  QuarantineQuerySchema,
  QuarantineRetryBodySchema,
  retryQuarantined,
} from '../../services/admin/quarantine.js';
import { pipelineStatus } from '../../services/admin/pipeline-status.js';
import { syncStatus } from '../../services/admin/sync-status.js';
import { SyncStatusSchema } from '../../services/admin/sync-status-schema.js';
import { installInstallation } from '../../services/admin/install-installation.js';
import { RegisterInstallationInputSchema } from '../../services/admin/register-installation.js';
import { ApiSettingsSchema } from '../../services/sidebar/settings.js';
import type { InstallationCache } from '../api/auth.js';
import type { ApiDeps } from '../api/deps.js';
import { reanalysisRoutes } from './reanalysis.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const InstallationParams = z.object({ id: z.uuid() }).strict();
const DeleteQuery = z.object({ confirm: z.string().max(64).optional() }).strict();
const TAG = 'admin';

/**
 * The admin endpoints (ADMIN_TOKEN): installations, backfill, sync health, quarantine, settings.
 * `installations` is the auth cache, told when a secret rotates or an installation goes.
 */
export function adminRoutes(deps: ApiDeps, installations?: InstallationCache): ApiRoute[] {
  const { store } = deps;
  const publicUrl = deps.publicUrl ?? null;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations',
      auth: 'admin',
      tag: TAG,
      summary:
        'Check the credentials with the helpdesk, then register the account; the app and webhook secrets are shown this once',
      body: RegisterInstallationInputSchema,
      responses: {
        201: { description: '{ installation, appSecret, webhookSecret, roleClaimKey }' },
        422: {
          description:
            'HELPDESK_AUTH_FAILED, HELPDESK_NOT_ADMIN, HELPDESK_NOT_FOUND or HELPDESK_UNREACHABLE; nothing stored',
        },
        502: { description: 'HELPDESK_ERROR: the helpdesk failed; nothing stored' },
      },
      handler: async ({ req }) => {
        // Validated by the route already; the service re-checks its own input.
        const result = await installInstallation(
          {
            store,
            encryptionKey: deps.encryptionKey,
            connectorForAccount: deps.checkingConnectorFor,
          },
          req.body,
        );
        return {
          status: 201,
          json: {
            installation: publicInstallation(result.installation),
            appSecret: result.appSecret,
            webhookSecret: result.webhookSecret,
            roleClaimKey: result.roleClaimKey,
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations',
      auth: 'admin',
      tag: TAG,
      summary: 'Every installation: helpdesk, domain, created, last sync, tickets (no secrets)',
      responses: { 200: { description: '{ installations }' } },
      handler: async () => ({ status: 200, json: await listInstallationSummaries(store) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id',
      auth: 'admin',
      tag: TAG,
      summary: 'One installation: helpdesk, domain, settings, created, last sync, row counts',
      params: InstallationParams,
      responses: { 200: { description: 'the installation (no secrets)' } },
      handler: async ({ params }) => ({
        status: 200,
        json: await showInstallation(store, params.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations/:id/rotate-secret',
      auth: 'admin',
      tag: TAG,
      summary:
        'Replace the app secret (and with it the role claim key); both are shown this once, the old secret stops working',
      params: InstallationParams,
      responses: { 200: { description: 'RotatedSecret', schema: RotatedSecretSchema } },
      handler: async ({ params }) => {
        const rotated = await rotateAppSecret(store, deps.encryptionKey, params.id);
        installations?.forget(params.id);
        return { status: 200, json: rotated };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/admin/installations/:id',
      auth: 'admin',
      tag: TAG,
      summary: 'Delete the installation and all of its data; needs ?confirm=<installation id>',
      params: InstallationParams,
      query: DeleteQuery,
      responses: {
        200: { description: '{ deleted, helpdesk, domain }' },
        400: { description: 'CONFIRMATION_REQUIRED: confirm does not repeat the id' },
      },
      handler: async ({ params, query }) => {
        const deleted = await deleteInstallation(store, params.id, query.confirm);
        installations?.forget(params.id);
        return { status: 200, json: deleted };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations/:id/backfill',
      auth: 'admin',
      tag: TAG,
      summary: 'Read every stream again from a date (after a running sync, if any)',
      params: InstallationParams,
      body: BackfillBodySchema,
      responses: {
        202: {
          description: '{ backfillId, afterRunningSync }',
          schema: z.object({ backfillId: z.uuid(), afterRunningSync: z.boolean() }),
        },
      },
      handler: async ({ params, body }) => ({
        status: 202,
        json: await startBackfill(deps, params.id, body.since),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id/backfill',
      auth: 'admin',
      tag: TAG,
      summary: "The latest backfill's progress: state, tickets done, estimate, ETA, streams",
      params: InstallationParams,
      responses: { 200: { description: 'BackfillProgress', schema: BackfillProgressSchema } },
      handler: async ({ params }) => ({
        status: 200,
        json: await backfillProgress(deps, params.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id/sync-status',
      auth: 'admin',
      tag: TAG,
      summary: 'Per-stream checkpoint, lag, page count, last error and helpdesk rate limit',
      params: InstallationParams,
      responses: {
        200: {
          description:
            'Per-stream status; a push_back row counts the 429s push-back met (it has no stream)',
          schema: SyncStatusSchema,
        },
      },
      handler: async ({ params }) => ({
        status: 200,
        json: await syncStatus(store, params.id, deps.now()),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id/status',
      auth: 'admin',
      tag: TAG,
      summary: 'Whether the pipeline has settled: no sync running or due, outbox empty, all pushed',
      params: InstallationParams,
      responses: {
        200: { description: '{ settled, sync, outbox, unpushedSummaries, asOf }' },
      },
      handler: async ({ params }) => ({
        status: 200,
        json: await pipelineStatus(store, params.id, deps.now()),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id/quarantine',
      auth: 'admin',
      tag: TAG,
      summary: 'Quarantined records (newest first) with their reason and raw JSON',
      params: InstallationParams,
      query: QuarantineQuerySchema,
      responses: { 200: { description: '{ entries }' } },
      handler: async ({ params, query }) => ({
        status: 200,
        json: await listQuarantine(deps, params.id, query),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations/:id/quarantine/retry',
      auth: 'admin',
      tag: TAG,
      summary:
        "Refetch a quarantined ticket or ticket event's ticket (a ticket's entry resolves when it arrives)",
      params: InstallationParams,
      body: QuarantineRetryBodySchema,
      responses: { 202: { description: '{ retried, ticketId }' } },
      handler: async ({ params, body }) => ({
        status: 202,
        json: await retryQuarantined(deps, params.id, body),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/admin/installations/:id/settings',
      auth: 'admin',
      tag: TAG,
      summary: 'Set field mapping, custom statuses, SLA policy and schedules',
      params: InstallationParams,
      body: ApiSettingsSchema,
      responses: { 200: { description: '{ settings, schedules, reanalysis }' } },
      handler: async ({ params, body }) => ({
        status: 200,
        json: await updateSettings(deps, params.id, body),
      }),
    }),
    ...reanalysisRoutes(deps),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations/:id/webhook',
      auth: 'admin',
      tag: TAG,
      summary: 'Register the Zendesk webhook and trigger that notify this server of ticket changes',
      params: InstallationParams,
      responses: { 201: { description: '{ webhookId, triggerId, endpoint }' } },
      handler: async ({ params }) => ({
        status: 201,
        json: await registerWebhook({ ...deps, publicUrl }, params.id),
      }),
    }),
  ];
}

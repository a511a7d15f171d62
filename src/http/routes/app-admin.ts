import { z } from 'zod';
import { backfillProgress, BackfillProgressSchema } from '../../services/admin/backfill.js';
import { updateSettings } from '../../services/admin/installation-admin.js';
import {
  listQuarantine,
  QuarantineQuerySchema,
  QuarantineRetryBodySchema,
  retryQuarantined,
} from '../../services/admin/quarantine.js';
import { syncStatus } from '../../services/admin/sync-status.js';
import { SyncStatusSchema } from '../../services/admin/sync-status-schema.js';
import { ApiSettingsSchema } from '../../services/sidebar/settings.js';
import type { ApiDeps } from '../api/deps.js';
import { boardRolesOf } from '../api/role-access.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'app-admin';

/**
 * What a Zendesk admin may change from the app. `baseUrl` stays operator-only (admin API): it
 * decides where the stored helpdesk credentials are sent.
 */
export const AppSettingsSchema = ApiSettingsSchema.omit({ baseUrl: true });

const RoleView = z.object({
  userId: z.string(),
  role: z.string(),
  admin: z.boolean(),
  board: z.boolean(),
});

/**
 * The app's own admin endpoints: the installation's app secret plus a role claim signed by
 * Zendesk's proxy. Each acts on the calling installation only (no id in the path), reusing the
 * services of the operators' ADMIN_TOKEN API.
 */
export function appAdminRoutes(deps: ApiDeps): ApiRoute[] {
  const { store } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/app/role',
      auth: 'installation',
      roles: 'any',
      tag: TAG,
      summary: "The caller's verified Zendesk role and what it may open (admin view, board)",
      responses: { 200: { description: 'The role', schema: RoleView } },
      handler: async ({ installation, claim }) => {
        // roles: 'any' guarantees a verified claim here.
        const { userId, role } = claim ?? { userId: '', role: '' };
        const boardRoles = boardRolesOf(installation.settings);
        return Promise.resolve({
          status: 200,
          json: {
            userId,
            role,
            admin: role === 'admin',
            board: boardRoles === null || boardRoles.includes(role),
          },
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/app/admin/backfill',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary: "The latest backfill's progress (404 when none was requested)",
      responses: { 200: { description: 'BackfillProgress', schema: BackfillProgressSchema } },
      handler: async ({ installation }) => ({
        status: 200,
        json: await backfillProgress(deps, installation.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/app/admin/sync-status',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary: 'Per-stream checkpoint, lag, page count, last error and helpdesk rate limit',
      responses: {
        200: {
          description:
            'Per-stream status; a push_back row counts the 429s push-back met (it has no stream)',
          schema: SyncStatusSchema,
        },
      },
      handler: async ({ installation }) => ({
        status: 200,
        json: await syncStatus(store, installation.id, deps.now()),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/app/admin/quarantine',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary: 'Quarantined records (newest first) with their reason and raw JSON',
      query: QuarantineQuerySchema,
      responses: { 200: { description: '{ entries }' } },
      handler: async ({ installation, query }) => ({
        status: 200,
        json: await listQuarantine(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/app/admin/quarantine/retry',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary:
        "Refetch the ticket behind a quarantined record (a ticket's entry resolves when it arrives)",
      body: QuarantineRetryBodySchema,
      responses: { 202: { description: '{ retried, ticketId }' } },
      handler: async ({ installation, body }) => ({
        status: 202,
        json: await retryQuarantined(deps, installation.id, body),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/app/admin/settings',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary: "The installation's settings and schedules",
      responses: { 200: { description: '{ settings, schedules }' } },
      // Read afresh: the authenticated installation may be a few seconds old (auth cache).
      handler: async ({ installation }) => ({
        status: 200,
        json: {
          settings: (await store.getInstallation(installation.id))?.settings ?? {},
          schedules: await store.listSchedules(installation.id),
        },
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/app/admin/settings',
      auth: 'installation',
      roles: 'admin',
      tag: TAG,
      summary: 'Set field mapping, SLA policy, schedules and board roles (not baseUrl)',
      body: AppSettingsSchema,
      responses: { 200: { description: '{ settings, schedules }' } },
      handler: async ({ installation, body }) => ({
        status: 200,
        json: await updateSettings(deps, installation.id, body),
      }),
    }),
  ];
}

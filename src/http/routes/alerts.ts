import { z } from 'zod';
import { createAlert, deleteAlert, listAlerts, updateAlert } from '../../services/alerts/alerts.js';
import { AlertInputSchema, AlertPatchSchema } from '../../services/alerts/schemas.js';
import type { TicketStore } from '../../store/store.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'alerts';

/** KPI alerts of the calling installation (installation auth); the services scope every row. */
export function alertRoutes(deps: { store: TicketStore; now: () => number }): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/alerts',
      auth: 'installation',
      tag: TAG,
      summary: "The installation's KPI alerts",
      responses: { 200: { description: '{ alerts }' } },
      handler: async ({ installation }) => ({
        status: 200,
        json: await listAlerts(deps, installation.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/alerts',
      auth: 'installation',
      tag: TAG,
      summary: 'Create a threshold or baseline alert that calls an https webhook',
      body: AlertInputSchema,
      responses: { 201: { description: 'The alert' } },
      // The service validates its raw input itself (same schema); the route's parse documents it.
      handler: async ({ installation, req }) => ({
        status: 201,
        json: await createAlert(deps, installation.id, req.body),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/alerts/:alertId',
      auth: 'installation',
      tag: TAG,
      summary: 'Edit an alert, or mute it (`muted`, `mutedUntil`) / unmute it',
      params: z.object({ alertId: z.uuid() }).strict(),
      body: AlertPatchSchema,
      responses: { 200: { description: 'The alert' } },
      handler: async ({ installation, params, req }) => ({
        status: 200,
        json: await updateAlert(deps, installation.id, params.alertId, req.body),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/alerts/:alertId',
      auth: 'installation',
      tag: TAG,
      summary: 'Delete an alert',
      params: z.object({ alertId: z.uuid() }).strict(),
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ installation, params }) => {
        await deleteAlert(deps, installation.id, params.alertId);
        return { status: 204 };
      },
    }),
  ];
}

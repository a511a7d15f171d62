import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import type { InstallationStore } from '../../store/store.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

/** `:id` of the admin routes under `/api/v1/admin/installations/:id/…`. */
export const InstallationParams = z.object({ id: z.uuid() }).strict();

/** 404 NOT_FOUND unless the installation exists. */
export async function requireInstallation(store: InstallationStore, id: string): Promise<void> {
  if ((await store.getInstallation(id)) === null) throw new NotFoundError('no such installation');
}

/** One settings document of an installation: its name, schema, and how it is read and saved. */
export interface InstallationSettings<S extends z.ZodType> {
  /** The path's last segment, e.g. `reason-settings`. */
  segment: string;
  /** The OpenAPI response description, e.g. `ReasonSettings`. */
  name: string;
  schema: S;
  summaries: { get: string; put: string };
  read: (installationId: string) => Promise<z.output<S>>;
  save: (installationId: string, settings: z.output<S>) => Promise<void>;
}

/**
 * `GET` and `PUT /api/v1/admin/installations/:id/<segment>` (admin token): read the settings, and
 * replace them as a whole; 404 for an unknown installation.
 */
export function installationSettingsRoutes<S extends z.ZodType>(
  store: InstallationStore,
  settings: InstallationSettings<S>,
): ApiRoute[] {
  const path = `/api/v1/admin/installations/:id/${settings.segment}`;
  const responses = { 200: { description: settings.name, schema: settings.schema } };
  return [
    defineRoute({
      method: 'get',
      path,
      auth: 'admin',
      tag: 'admin',
      summary: settings.summaries.get,
      params: InstallationParams,
      responses,
      handler: async ({ params }) => {
        await requireInstallation(store, params.id);
        return { status: 200, json: await settings.read(params.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path,
      auth: 'admin',
      tag: 'admin',
      summary: settings.summaries.put,
      params: InstallationParams,
      body: settings.schema,
      responses,
      handler: async ({ params, body }) => {
        await requireInstallation(store, params.id);
        // `body` is `settings.schema`'s output; a generic schema hides that from the route's type.
        await settings.save(params.id, body as z.output<S>);
        return { status: 200, json: body };
      },
    }),
  ];
}

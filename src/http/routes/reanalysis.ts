import {
  reanalysisProgress,
  ReanalysisProgressSchema,
  reconcileAnalysisSettings,
} from '../../services/pipeline/reanalysis.js';
import type { ApiDeps } from '../api/deps.js';
import { defineRoute, type ApiRoute } from '../api/route.js';
import { InstallationParams, requireInstallation } from './installation-settings.js';

const TAG = 'admin';

/**
 * Re-analysis of an installation's history (admin token): its progress, and a start by hand. A
 * settings change starts one by itself (`PUT …/settings` answers with its progress).
 */
export function reanalysisRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/installations/:id/reanalysis',
      auth: 'admin',
      tag: TAG,
      summary: "The latest re-analysis of the installation's history: running, done, total",
      params: InstallationParams,
      responses: { 200: { description: 'ReanalysisProgress', schema: ReanalysisProgressSchema } },
      handler: async ({ params }) => {
        await requireInstallation(deps.store, params.id);
        return { status: 200, json: await reanalysisProgress(deps.store, params.id) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/installations/:id/reanalysis',
      auth: 'admin',
      tag: TAG,
      summary: 'Re-analyse every analysed ticket and re-roll the rollups, in the background',
      params: InstallationParams,
      responses: { 202: { description: 'ReanalysisProgress', schema: ReanalysisProgressSchema } },
      handler: async ({ params }) => {
        await requireInstallation(deps.store, params.id);
        const progress = await reconcileAnalysisSettings(deps, params.id, { force: true });
        return { status: 202, json: progress };
      },
    }),
  ];
}

import {
  rotateAppSecret,
  RotatedSecretSchema,
} from '../../services/admin/installation-lifecycle.js';
import type { InstallationCache } from '../api/auth.js';
import type { ApiDeps } from '../api/deps.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

/**
 * App-secret rotation from the in-app Admin view: the calling installation's secret plus a
 * verified admin role claim (never ADMIN_TOKEN in a browser), through the same service as
 * `deskpulse installations rotate-secret`. The auth cache forgets the installation at once, so
 * the old secret is refused by the very next request to this process. Each rotation is logged
 * with the claim's user id.
 */
export function appSecretRoutes(deps: ApiDeps, installations?: InstallationCache): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/app/admin/rotate-secret',
      auth: 'installation',
      roles: 'admin',
      tag: 'app-admin',
      summary:
        "Replace the calling installation's app secret and role claim key; both are shown this once, the old secret stops working",
      responses: { 200: { description: 'RotatedSecret', schema: RotatedSecretSchema } },
      handler: async ({ installation, claim, res }) => {
        const rotated = await rotateAppSecret(deps.store, deps.encryptionKey, installation.id);
        installations?.forget(installation.id);
        // Who rotated, for the operators: the claim is the proxy's, its user id the app's word
        // (plugin/README.md, Limits). Never the secret.
        deps.logger.warn(
          { installationId: installation.id, userId: claim?.userId, role: claim?.role },
          'app secret rotated from the Admin view',
        );
        // Shown once: no cache along the way may keep a copy of the answer.
        res.setHeader('cache-control', 'no-store');
        return { status: 200, json: rotated };
      },
    }),
  ];
}

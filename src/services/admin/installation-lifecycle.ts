import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../errors.js';
import { hashAppSecret } from '../../security/secrets.js';
import type { Installation, TicketStore } from '../../store/store.js';
import { deriveRoleClaimKey } from '../app-auth/role-claim-key.js';
import { iso, isoOrNull } from '../sidebar/iso.js';

type LifecycleStore = Pick<
  TicketStore,
  | 'getInstallation'
  | 'listInstallations'
  | 'installationFootprint'
  | 'replaceAppSecretHash'
  | 'deleteInstallation'
>;

/** An installation as `list` shows it: never its credentials, secrets or their hashes. */
export function installationSummary(installation: Installation) {
  return {
    id: installation.id,
    helpdesk: installation.helpdesk,
    domain: installation.domain,
    createdAt: iso(installation.createdAt),
  };
}

/** Every installation, oldest first, with its last sync and ticket count. */
export async function listInstallationSummaries(store: LifecycleStore) {
  const installations = await store.listInstallations();
  const rows = await Promise.all(
    installations.map(async (installation) => {
      const footprint = await store.installationFootprint(installation.id);
      return {
        ...installationSummary(installation),
        lastSyncAt: isoOrNull(footprint.lastSyncAt),
        tickets: footprint.tickets,
      };
    }),
  );
  return { installations: rows };
}

/** One installation: where it points, its settings, its last sync and how much it holds. */
export async function showInstallation(store: LifecycleStore, installationId: string) {
  const installation = await load(store, installationId);
  const { lastSyncAt, ...counts } = await store.installationFootprint(installationId);
  return {
    ...installationSummary(installation),
    settings: installation.settings,
    lastSyncAt: isoOrNull(lastSyncAt),
    counts,
  };
}

/** What a rotation answers, once: the new app secret and the role claim key derived from it. */
export const RotatedSecretSchema = z.object({
  installationId: z.uuid(),
  appSecret: z.string(),
  roleClaimKey: z.string(),
});

/**
 * Replaces the app secret: the new one is returned this once and only its hash is stored, so
 * the old secret authenticates nothing from the moment the update commits. The role claim key is
 * derived from the secret's hash, so it changes too and is returned beside the secret: the app's
 * `role_claim_key` setting needs it, or the Admin view would refuse every claim.
 */
export async function rotateAppSecret(
  store: LifecycleStore,
  encryptionKey: Buffer,
  installationId: string,
) {
  await load(store, installationId);
  // 32 random bytes, as at registration (see registerInstallation).
  const appSecret = randomBytes(32).toString('base64url');
  const appSecretHash = hashAppSecret(appSecret);
  if (!(await store.replaceAppSecretHash(installationId, appSecretHash))) {
    throw new NotFoundError('no such installation');
  }
  const roleClaimKey = deriveRoleClaimKey(encryptionKey, { id: installationId, appSecretHash });
  return { installationId, appSecret, roleClaimKey };
}

/**
 * Deletes an installation and all of its data. `confirm` must repeat the installation id: a
 * delete is final, so a request that names the installation only once (a stray script, a
 * pasted URL) is refused with 400 CONFIRMATION_REQUIRED.
 */
export async function deleteInstallation(
  store: LifecycleStore,
  installationId: string,
  confirm: string | undefined,
) {
  if (confirm !== installationId) {
    throw new AppError(
      'CONFIRMATION_REQUIRED',
      'deleting an installation purges all of its data: repeat its id as ?confirm=<id>',
      { status: 400 },
    );
  }
  const { helpdesk, domain } = await load(store, installationId);
  if (!(await store.deleteInstallation(installationId))) {
    throw new NotFoundError('no such installation');
  }
  return { deleted: installationId, helpdesk, domain };
}

async function load(store: LifecycleStore, installationId: string): Promise<Installation> {
  const installation = await store.getInstallation(installationId);
  if (installation === null) throw new NotFoundError('no such installation');
  return installation;
}

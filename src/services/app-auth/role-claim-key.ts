import { hkdfSync } from 'node:crypto';

/** The installation fields the key depends on. */
export interface RoleClaimKeyInput {
  id: string;
  appSecretHash: string;
}

/**
 * The per-installation key the Zendesk proxy signs the app's role claims with (the app's secure
 * `role_claim_key` setting, scope `jwt_secret_key`). Derived, not stored: HKDF-SHA256 of the
 * server's encryption key, salted with the app-secret hash and bound to the installation id, so
 * the backend can recompute it for any installation, a claim signed for one installation never
 * verifies for another, and rotating the app secret rotates this key with it.
 */
export function deriveRoleClaimKey(encryptionKey: Buffer, installation: RoleClaimKeyInput): string {
  const key = hkdfSync(
    'sha256',
    encryptionKey,
    Buffer.from(installation.appSecretHash, 'utf8'),
    Buffer.from(`deskpulse role claim v1 ${installation.id}`, 'utf8'),
    32,
  );
  return Buffer.from(key).toString('base64url');
}

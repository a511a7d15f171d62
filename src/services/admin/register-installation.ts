import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { encryptSecret, hashAppSecret } from '../../security/secrets.js';
import type { Installation, InstallationStore } from '../../store/store.js';
import {
  FreshdeskCredentialsSchema,
  InstallationSettingsSchema,
  ZendeskCredentialsSchema,
} from './installation-schemas.js';
import { describeIssues } from '../../zod-issues.js';
import { deriveRoleClaimKey } from '../app-auth/role-claim-key.js';

const DomainSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/i, 'a subdomain or host name, without scheme or path');

/** The input of {@link registerInstallation}, checked per helpdesk. */
export const RegisterInstallationInputSchema = z.discriminatedUnion('helpdesk', [
  z.object({
    helpdesk: z.literal('zendesk'),
    domain: DomainSchema,
    credentials: ZendeskCredentialsSchema,
    settings: InstallationSettingsSchema.default({}),
  }),
  z.object({
    helpdesk: z.literal('freshdesk'),
    domain: DomainSchema,
    credentials: FreshdeskCredentialsSchema,
    settings: InstallationSettingsSchema.default({}),
  }),
]);
export type RegisterInstallationInput = z.input<typeof RegisterInstallationInputSchema>;

/** The checked {@link RegisterInstallationInputSchema} input; a ValidationError names each bad field. */
export function parseRegistration(
  input: unknown,
): z.output<typeof RegisterInstallationInputSchema> {
  const parsed = RegisterInstallationInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error.issues, '(input)');
  throw new ValidationError(`invalid installation: ${issues.join('; ')}`, issues);
}

/** A new installation and the secrets shown to the admin exactly once. */
export interface RegisteredInstallation {
  installation: Installation;
  /** Goes into the Zendesk app's secure setting; only its hash is stored. */
  appSecret: string;
  /** Configured on the helpdesk webhook; stored encrypted with the credentials. */
  webhookSecret: string;
  /** The app's secure `role_claim_key` setting; derived from server key + app secret, not stored. */
  roleClaimKey: string;
}

/**
 * Registers a helpdesk account: validates the input (a ValidationError names each bad field, never
 * its value), generates the per-installation app secret (stored only as its hash) and a webhook
 * signing secret, and stores the credentials plus the webhook secret as one encrypted blob.
 */
export async function registerInstallation(
  store: InstallationStore,
  encryptionKey: Buffer,
  input: unknown,
): Promise<RegisteredInstallation> {
  const { helpdesk, domain, credentials, settings } = parseRegistration(input);
  // 32 random bytes: unguessable, so a fast hash at rest is enough (see hashAppSecret).
  const appSecret = randomBytes(32).toString('base64url');
  const webhookSecret = randomBytes(32).toString('base64url');
  const installation = await store.createInstallation({
    helpdesk,
    domain: domain.toLowerCase(),
    credentials: encryptSecret(JSON.stringify({ ...credentials, webhookSecret }), encryptionKey),
    appSecretHash: hashAppSecret(appSecret),
    settings,
  });
  return {
    installation,
    appSecret,
    webhookSecret,
    roleClaimKey: deriveRoleClaimKey(encryptionKey, installation),
  };
}

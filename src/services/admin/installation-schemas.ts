import { z } from 'zod';
import { TicketStatusSchema } from '../../domain/index.js';
import { ZendeskRoleSchema } from '../app-auth/role-claim.js';

/** Zendesk credentials: an admin's API token, or an OAuth access token. */
export const ZendeskCredentialsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), email: z.email(), token: z.string().min(1) }),
  z.object({ kind: z.literal('oauth'), accessToken: z.string().min(1) }),
]);

/** Freshdesk credentials: an agent's API key. */
export const FreshdeskCredentialsSchema = z.object({ apiKey: z.string().min(1) });

/**
 * What the encrypted credentials blob holds besides the helpdesk credentials: the webhook signing
 * secret. It lives here, not in the plain `settings`, because anyone who reads it can forge
 * webhooks; the blob is already AES-256-GCM encrypted and rotated together with the token.
 */
export const StoredSecretsSchema = z.object({ webhookSecret: z.string().min(32) });

const FieldIdSchema = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]);

/** Per-installation settings, stored as plain JSON (no secrets). */
export const InstallationSettingsSchema = z.object({
  /** Overrides the helpdesk URL built from the domain (the simulator, custom domains). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Zendesk: the Time Tracking app's "Total time spent (sec)" field id. */
  timeFieldId: FieldIdSchema.transform(String).optional(),
  /** Zendesk: a custom field holding a 1–7 CES answer. */
  cesFieldId: FieldIdSchema.transform(String).optional(),
  /** Zendesk: a custom field a survey tool writes a 0–10 NPS answer into. */
  npsFieldId: FieldIdSchema.transform(String).optional(),
  /** Freshdesk: custom status code (6+) → canonical status. */
  customStatuses: z.record(z.string().regex(/^\d+$/), TicketStatusSchema).optional(),
  /** The Zendesk app id push-back notifies (apps notify API). */
  appId: z.string().regex(/^\d+$/).optional(),
  /** Share (0..1) of the account's API budget Deskpulse may use. */
  budgetShare: z.number().gt(0).max(1).optional(),
  /**
   * Zendesk roles that may read the KPI board and its alerts. Unset: whoever can open the app
   * (Zendesk's own app role restrictions decide); set: every board call needs a role claim.
   */
  boardRoles: z.array(ZendeskRoleSchema).min(1).max(20).optional(),
});
export type InstallationSettings = z.output<typeof InstallationSettingsSchema>;
export type InstallationSettingsInput = z.input<typeof InstallationSettingsSchema>;

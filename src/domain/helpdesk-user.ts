import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';
import { AuthorKindSchema } from './ticket-event.js';

/** A helpdesk user as far as analytics needs: who they are and whether they act as staff. */
export const HelpdeskUserSchema = z.object({
  id: IdSchema,
  name: z.string().nullable(),
  /** agent (agents and admins), end_user (customers) or system (automations, bots). */
  kind: AuthorKindSchema,
  organizationId: IdSchema.nullable(),
  updatedAt: InstantSchema,
});
export type HelpdeskUser = z.infer<typeof HelpdeskUserSchema>;

export const OrganizationSchema = z.object({
  id: IdSchema,
  name: z.string(),
  updatedAt: InstantSchema,
});
export type Organization = z.infer<typeof OrganizationSchema>;

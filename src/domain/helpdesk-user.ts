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
  /** When the organisation was created in the helpdesk (customer health: a customer since). */
  createdAt: InstantSchema.optional(),
  /** The organisation's tags (customer health's churn marker may be one). */
  tags: z.array(z.string()).optional(),
  /** Organisation field key → value (customer health's account value and churn date). */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

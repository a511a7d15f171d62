import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';

export const HandleTimeSourceSchema = z.enum([
  'time_tracking_field',
  'sidebar_timer',
  'freshdesk_time_entry',
  'voice',
]);
export type HandleTimeSource = z.infer<typeof HandleTimeSourceSchema>;

/** Agent-logged work on a ticket (AHT input, metrics.md §7). */
export const HandleTimeEntrySchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  agentId: IdSchema.nullable(),
  seconds: z.number(),
  source: HandleTimeSourceSchema,
  loggedAt: InstantSchema,
});
export type HandleTimeEntry = z.infer<typeof HandleTimeEntrySchema>;

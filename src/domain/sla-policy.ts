import { z } from 'zod';
import { IdSchema } from './primitives.js';
import { PrioritySchema } from './ticket.js';

export const SlaMetricSchema = z.enum([
  'first_reply_time',
  'next_reply_time',
  'requester_wait_time',
  'agent_work_time',
  'full_resolution_time',
]);
export type SlaMetric = z.infer<typeof SlaMetricSchema>;

/** One target of an SLA policy; `priority: null` applies to every priority. */
export const SlaTargetSchema = z.object({
  metric: SlaMetricSchema,
  priority: PrioritySchema.nullable(),
  targetSeconds: z.number().positive(),
  businessHours: z.boolean(),
});
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

export const SlaPolicySchema = z.object({
  id: IdSchema,
  name: z.string(),
  targets: z.array(SlaTargetSchema),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

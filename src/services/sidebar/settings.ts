import { z } from 'zod';
import { ScheduleSchema, SlaPolicySchema } from '../../domain/index.js';
import { InstallationSettingsSchema } from '../installation-schemas.js';

/**
 * What an admin may set through `PUT …/settings`: the field mapping of registration, plus the SLA
 * policy the sidebar clocks evaluate (stored with the settings) and the business-hour schedules
 * (stored as schedules, replacing same-id ones; the next sync may refresh them from the helpdesk).
 */
export const ApiSettingsSchema = InstallationSettingsSchema.extend({
  slaPolicy: SlaPolicySchema.optional(),
  schedules: z.array(ScheduleSchema).max(50).optional(),
}).strict();
export type ApiSettings = z.output<typeof ApiSettingsSchema>;

/** The SLA policy stored in an installation's settings, or null when none (or it is invalid). */
export function slaPolicyOf(settings: Record<string, unknown>) {
  const parsed = SlaPolicySchema.safeParse(settings['slaPolicy']);
  return parsed.success ? parsed.data : null;
}

import { z } from 'zod';
import { ScheduleSchema, SlaPolicySchema, type SlaPolicy } from '../../domain/index.js';
import { InstallationSettingsSchema } from '../admin/installation-schemas.js';

/**
 * What an admin may set through `PUT …/settings`: the field mapping of registration, plus the SLA
 * policy the clocks evaluate (stored with the settings; `null` drops the admin's policy so the
 * helpdesk's imported one applies again) and business-hour schedules (stored as schedules,
 * replacing same-id ones; a schedule set here is the admin's and syncs no longer refresh it).
 */
export const ApiSettingsSchema = InstallationSettingsSchema.extend({
  slaPolicy: SlaPolicySchema.nullable().optional(),
  schedules: z.array(ScheduleSchema).max(50).optional(),
}).strict();
export type ApiSettings = z.output<typeof ApiSettingsSchema>;

/** Settings keys the sync writes: the helpdesk's SLA policy, as imported. */
export const HELPDESK_SLA_POLICY = 'helpdeskSlaPolicy';
/** Settings key listing the schedule ids an admin set (the sync leaves those alone). */
export const ADMIN_SCHEDULE_IDS = 'adminScheduleIds';

/** Where the SLA policy in force comes from: the admin's override wins over the helpdesk's. */
export type SettingSource = 'admin' | 'helpdesk';

/** The SLA policy in force and its source, or null when there is none (or it is invalid). */
export function slaPolicyWithSource(
  settings: Record<string, unknown>,
): { policy: SlaPolicy; source: SettingSource } | null {
  const admin = SlaPolicySchema.safeParse(settings['slaPolicy']);
  if (admin.success) return { policy: admin.data, source: 'admin' };
  const helpdesk = SlaPolicySchema.safeParse(settings[HELPDESK_SLA_POLICY]);
  return helpdesk.success ? { policy: helpdesk.data, source: 'helpdesk' } : null;
}

/** The SLA policy in force (the admin's, else the helpdesk's), or null when none. */
export function slaPolicyOf(settings: Record<string, unknown>): SlaPolicy | null {
  return slaPolicyWithSource(settings)?.policy ?? null;
}

/** The ids of schedules an admin set through the settings API. */
export function adminScheduleIdsOf(settings: Record<string, unknown>): string[] {
  const parsed = z.array(z.string()).safeParse(settings[ADMIN_SCHEDULE_IDS]);
  return parsed.success ? parsed.data : [];
}

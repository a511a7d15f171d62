import { z } from 'zod';
import type { TicketStore } from '../../store/store.js';

const FieldKeySchema = z.string().trim().min(1).max(200).nullable().default(null);

/**
 * Where an installation's organisations say what an account is worth and whether it left, all
 * optional: `valueField`, an organisation field holding a number (ARR or similar) → value at
 * risk; `churnDateField`, an organisation field holding the churn date; `churnTag`, an
 * organisation tag marking a churned account (dated by `churnDateField` when set, else by the
 * organisation's last update, the likeliest moment the tag was added).
 */
export const HealthSettingsSchema = z
  .object({
    valueField: FieldKeySchema,
    churnDateField: FieldKeySchema,
    churnTag: FieldKeySchema,
  })
  .strict();
export type HealthSettings = z.output<typeof HealthSettingsSchema>;

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  valueField: null,
  churnDateField: null,
  churnTag: null,
};

/** The saved settings, or none of them when never saved (or no longer valid). */
export async function healthSettings(
  store: Pick<TicketStore, 'getHealthSettings'>,
  installationId: string,
): Promise<HealthSettings> {
  const parsed = HealthSettingsSchema.safeParse(await store.getHealthSettings(installationId));
  return parsed.success ? parsed.data : DEFAULT_HEALTH_SETTINGS;
}

/** A field value as a number (numbers, or numeric text such as "12000.50"); null otherwise. */
export function numericField(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** A field value as an instant (a date or a date-time); null otherwise. */
export function dateField(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(at) ? null : at;
}

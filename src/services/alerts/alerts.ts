import { NotFoundError, ValidationError } from '../../errors.js';
import type { StoredAlert, AlertStore } from '../../store/store.js';
import { parseQuery } from '../kpi/schemas.js';
import { AlertInputSchema, AlertPatchSchema, MAX_MUTE_DAYS, type AlertView } from './schemas.js';

/** Alerts per installation: evaluation cost grows with them and each may call a webhook. */
export const MAX_ALERTS = 50;

/** Validates `input` (AlertInputSchema) and stores the alert; 400 on bad input or too many. */
export async function createAlert(
  deps: { store: AlertStore },
  installationId: string,
  input: unknown,
): Promise<AlertView> {
  const alert = parseQuery(AlertInputSchema, input, 'body');
  const existing = await deps.store.listAlerts(installationId);
  if (existing.length >= MAX_ALERTS) {
    throw new ValidationError(`at most ${String(MAX_ALERTS)} alerts per installation`, [
      `(body): the installation already has ${String(existing.length)} alerts`,
    ]);
  }
  return toView(await deps.store.createAlert(installationId, alert));
}

/** The installation's alerts with their last firing, oldest first. */
export async function listAlerts(
  deps: { store: AlertStore },
  installationId: string,
): Promise<{ alerts: AlertView[] }> {
  const alerts = await deps.store.listAlerts(installationId);
  return { alerts: alerts.map(toView) };
}

/** Deletes one alert; 404 when this installation has none with that id. */
export async function deleteAlert(
  deps: { store: AlertStore },
  installationId: string,
  alertId: string,
): Promise<void> {
  if (!(await deps.store.deleteAlert(installationId, alertId))) {
    throw new NotFoundError(`alert ${alertId} not found`);
  }
}

/**
 * Edits and/or mutes one alert: the patch is merged into the stored alert and the whole is
 * validated as a new alert would be (so an edit cannot store what POST refuses). A timed mute
 * must end in the future and within MAX_MUTE_DAYS; `muted: false` also ends a timed mute.
 * 404 when this installation has no such alert.
 */
export async function updateAlert(
  deps: { store: AlertStore; now: () => number },
  installationId: string,
  alertId: string,
  input: unknown,
): Promise<AlertView> {
  const patch = parseQuery(AlertPatchSchema, input, 'body');
  const current = (await deps.store.listAlerts(installationId)).find((a) => a.id === alertId);
  if (current === undefined) throw new NotFoundError(`alert ${alertId} not found`);
  const { muted, mutedUntil, ...fields } = patch;
  const merged = parseQuery(
    AlertInputSchema,
    {
      kpi: current.kpi,
      rule: current.rule,
      minSample: current.minSample,
      cooldownMinutes: current.cooldownMinutes,
      webhookUrl: current.webhookUrl,
      businessHours: current.businessHours,
      ...fields,
    },
    'body',
  );
  const now = deps.now();
  let until = current.mutedUntil;
  if (typeof mutedUntil === 'string') {
    until = Date.parse(mutedUntil);
    if (until <= now || until > now + MAX_MUTE_DAYS * 86_400_000) {
      throw new ValidationError('mutedUntil must be in the future', [
        `body.mutedUntil: must be after now and within ${String(MAX_MUTE_DAYS)} days`,
      ]);
    }
  } else if (mutedUntil === null || muted === false) {
    until = null;
  }
  const updated = await deps.store.updateAlert(installationId, alertId, {
    ...merged,
    muted: muted ?? current.muted,
    mutedUntil: until,
  });
  if (updated === null) throw new NotFoundError(`alert ${alertId} not found`);
  return toView(updated);
}

/** Whether evaluation skips the alert at `now`. */
export function isMuted(alert: StoredAlert, now: number): boolean {
  return alert.muted || (alert.mutedUntil !== null && alert.mutedUntil > now);
}

export function toView(a: StoredAlert): AlertView {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    id: a.id,
    kpi: a.kpi,
    rule: a.rule,
    minSample: a.minSample,
    cooldownMinutes: a.cooldownMinutes,
    webhookUrl: a.webhookUrl,
    businessHours: a.businessHours,
    createdAt: new Date(a.createdAt).toISOString(),
    lastFiredAt: iso(a.lastFiredAt),
    lastValue: a.lastValue,
    lastEvaluatedAt: iso(a.lastEvaluatedAt),
    lastDelivery: a.lastDelivery,
    muted: a.muted,
    mutedUntil: iso(a.mutedUntil),
  };
}

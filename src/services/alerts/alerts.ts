import { NotFoundError, ValidationError } from '../../errors.js';
import type { StoredAlert, TicketStore } from '../../store/store.js';
import { parseQuery } from '../kpi/schemas.js';
import { AlertInputSchema, type AlertView } from './schemas.js';

/** Alerts per installation: evaluation cost grows with them and each may call a webhook. */
export const MAX_ALERTS = 50;

/** Validates `input` (AlertInputSchema) and stores the alert; 400 on bad input or too many. */
export async function createAlert(
  deps: { store: TicketStore },
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
  deps: { store: TicketStore },
  installationId: string,
): Promise<{ alerts: AlertView[] }> {
  const alerts = await deps.store.listAlerts(installationId);
  return { alerts: alerts.map(toView) };
}

/** Deletes one alert; 404 when this installation has none with that id. */
export async function deleteAlert(
  deps: { store: TicketStore },
  installationId: string,
  alertId: string,
): Promise<void> {
  if (!(await deps.store.deleteAlert(installationId, alertId))) {
    throw new NotFoundError(`alert ${alertId} not found`);
  }
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
  };
}

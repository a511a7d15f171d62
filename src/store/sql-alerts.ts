import { randomUUID } from 'node:crypto';
import type { Instant } from '../domain/index.js';
import type { AlertMute, AlertRule, NewAlert, StoredAlert } from './kpi-types.js';
import type { SqlClient } from './sql-client.js';
import { fromNullableTimestamp, fromTimestamp, isUuid, toJson, toTimestamp } from './sql-values.js';

interface AlertRow {
  id: string;
  kpi: string;
  rule: AlertRule;
  min_sample: number;
  cooldown_minutes: number;
  webhook_url: string;
  business_hours: boolean;
  created_at: Date;
  last_evaluated_at: Date | null;
  last_fired_at: Date | null;
  last_value: number | null;
  last_delivery: string | null;
  muted: boolean;
  muted_until: Date | null;
}

const COLUMNS = `id, kpi, rule, min_sample, cooldown_minutes, webhook_url, business_hours,
  created_at, last_evaluated_at, last_fired_at, last_value, last_delivery, muted, muted_until`;

/** KPI alert rules and their firing state; every statement is scoped by installation. */
export function alertQueries(client: SqlClient) {
  return {
    async createAlert(id: string, alert: NewAlert): Promise<StoredAlert> {
      const { rows } = await client.query<AlertRow>(
        `INSERT INTO kpi_alerts (installation_id, id, kpi, rule, min_sample, cooldown_minutes,
           webhook_url, business_hours)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          id,
          randomUUID(),
          alert.kpi,
          toJson(alert.rule),
          alert.minSample,
          alert.cooldownMinutes,
          alert.webhookUrl,
          alert.businessHours,
        ],
      );
      const [row] = rows;
      if (row === undefined) throw new Error('INSERT … RETURNING gave no row');
      return toAlert(row);
    },

    async listAlerts(id: string): Promise<StoredAlert[]> {
      const { rows } = await client.query<AlertRow>(
        `SELECT ${COLUMNS} FROM kpi_alerts WHERE installation_id = $1 ORDER BY created_at, id`,
        [id],
      );
      return rows.map(toAlert);
    },

    async deleteAlert(id: string, alertId: string): Promise<boolean> {
      // A malformed id cannot name an alert; answering "no such alert" beats a SQL cast error.
      if (!isUuid(alertId)) return false;
      const { rows } = await client.query(
        'DELETE FROM kpi_alerts WHERE installation_id = $1 AND id = $2 RETURNING id',
        [id, alertId],
      );
      return rows.length > 0;
    },

    async updateAlert(
      id: string,
      alertId: string,
      alert: NewAlert & AlertMute,
    ): Promise<StoredAlert | null> {
      if (!isUuid(alertId)) return null;
      const { rows } = await client.query<AlertRow>(
        `UPDATE kpi_alerts SET kpi = $3, rule = $4::jsonb, min_sample = $5, cooldown_minutes = $6,
           webhook_url = $7, business_hours = $8, muted = $9, muted_until = $10
         WHERE installation_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [
          id,
          alertId,
          alert.kpi,
          toJson(alert.rule),
          alert.minSample,
          alert.cooldownMinutes,
          alert.webhookUrl,
          alert.businessHours,
          alert.muted,
          alert.mutedUntil === null ? null : toTimestamp(alert.mutedUntil),
        ],
      );
      const [row] = rows;
      return row === undefined ? null : toAlert(row);
    },

    async claimAlertFiring(id: string, alertId: string, at: Instant, value: number) {
      // One UPDATE decides: two evaluations racing (two rollup jobs) cannot both fire.
      const { rows } = await client.query(
        `UPDATE kpi_alerts SET last_fired_at = $3, last_value = $4, last_evaluated_at = $3,
           last_delivery = NULL
         WHERE installation_id = $1 AND id = $2 AND (last_fired_at IS NULL
           OR last_fired_at + make_interval(mins => cooldown_minutes) <= $3::timestamptz)
         RETURNING id`,
        [id, alertId, toTimestamp(at), value],
      );
      return rows.length > 0;
    },

    async recordAlertEvaluation(id: string, alertId: string, at: Instant, delivery?: string) {
      await client.query(
        `UPDATE kpi_alerts SET last_evaluated_at = $3,
           last_delivery = COALESCE($4, last_delivery)
         WHERE installation_id = $1 AND id = $2`,
        [id, alertId, toTimestamp(at), delivery ?? null],
      );
    },
  };
}

function toAlert(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    kpi: row.kpi,
    rule: row.rule,
    minSample: row.min_sample,
    cooldownMinutes: row.cooldown_minutes,
    webhookUrl: row.webhook_url,
    businessHours: row.business_hours,
    createdAt: fromTimestamp(row.created_at),
    lastEvaluatedAt: fromNullableTimestamp(row.last_evaluated_at),
    lastFiredAt: fromNullableTimestamp(row.last_fired_at),
    lastValue: row.last_value,
    lastDelivery: row.last_delivery,
    muted: row.muted,
    mutedUntil: fromNullableTimestamp(row.muted_until),
  };
}

import { csvLine } from '../kpi/csv.js';
import type { HealthAccounts } from './schemas.js';

const HEADER = [
  'account_id',
  'kind',
  'name',
  'day',
  'score',
  'status',
  'tickets',
  'value',
  'value_at_risk',
  'reasons',
];

/**
 * The accounts list as CSV, one row per account; reasons as `signal=value (baseline)` joined
 * with `; `, strongest first, so the sheet says why without a second file.
 */
export function healthAccountsCsv(doc: HealthAccounts): string {
  const lines = [csvLine(HEADER)];
  for (const a of doc.accounts) {
    const reasons = a.reasons
      .map((r) => `${r.signal}=${String(round(r.value))} (${String(round(r.baseline))})`)
      .join('; ');
    lines.push(
      csvLine([
        a.accountId,
        a.kind,
        a.name,
        a.day,
        a.score,
        a.status,
        a.tickets,
        a.value,
        a.valueAtRisk,
        reasons,
      ]),
    );
  }
  return lines.join('');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

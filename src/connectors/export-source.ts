import type { Schedule, Ticket, TicketEvent } from '../domain/index.js';

/** A record of an export file that failed validation or mapping, with enough to find it. */
export interface RejectedRecord {
  file: string;
  index: number;
  id: string | null;
  reason: string;
}

/**
 * A helpdesk export folder read into the domain model (`deskpulse analyze`): what the offline
 * analysis needs, whatever helpdesk wrote the files. Each reader (connectors/<helpdesk>/export)
 * validates every record and reports the ones it could not use instead of dropping them.
 */
export interface HelpdeskExport {
  /** One version per ticket (the latest, when the export lists one twice). */
  tickets: Ticket[];
  /** Each ticket's history, sorted by time (ratings included). */
  events: Map<string, TicketEvent[]>;
  schedules: Schedule[];
  rejected: RejectedRecord[];
  warnings: string[];
}

/** Formats rejected records for a human: one line each, naming file, record index and id. */
export function formatRejected(rejected: readonly RejectedRecord[]): string[] {
  return rejected.map(
    (r) =>
      `${r.file} record #${String(r.index)}${r.id === null ? '' : ` (id ${r.id})`}: ${r.reason}`,
  );
}

import type { Instant } from '../../domain/index.js';

/** Tickets created and last solved per local weekday (0 = Monday) and hour of a window. */
export interface HourlyCount {
  weekday: number;
  hour: number;
  created: number;
  solved: number;
}

export interface HourlyCountQuery {
  from: Instant;
  /** Exclusive. */
  to: Instant;
  /** IANA zone whose local weekdays and hours the counts use. */
  timeZone: string;
  /** Only this group's tickets (their current group); null: the whole team. */
  groupId: string | null;
}

/** The backlog forecast's read beyond the rollups (sql-forecast.ts); part of `TicketStore`. */
export interface ForecastStore {
  /**
   * Created (by creation) and solved (by last solve, as the rollups count solves) tickets per
   * weekday × hour of `timeZone` in `[from, to)`; merged-away and deleted tickets are left out.
   */
  countTicketsByHour(installationId: string, query: HourlyCountQuery): Promise<HourlyCount[]>;
}

/** A fingerprint of an installation's rollups: any committed rewrite changes it (migration 017). */
export interface RollupVersion {
  rows: number;
  versionSum: string;
}

/** The forecast cache's key read; part of `TicketStore`. */
export interface RollupVersionStore {
  rollupVersion(installationId: string): Promise<RollupVersion>;
}

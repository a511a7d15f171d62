import type { Id, Instant } from '../../domain/index.js';
import type { EncryptedSecret } from '../../security/secrets.js';
import type { RequesterTicket } from '../types.js';

/** A backfill an admin requested. */
export interface BackfillRecord {
  id: string;
  since: Instant;
  requestedAt: Instant;
}

/** Tickets stored since a backfill was requested, and the newest `updatedAt` among them. */
export interface BackfillTicketCounts {
  stored: number;
  watermark: Instant | null;
}

/** When each stream last stored a page and last failed (for backfill state and sync lag). */
export interface StreamTimes {
  installationId: string;
  stream: string;
  updatedAt: Instant;
  lastErrorAt: Instant | null;
  /** 429s the helpdesk gave this stream's syncs, and the budget left in the latest response. */
  count429: number;
  rateLimitRemaining: number | null;
}

/** Store methods the HTTP API adds (admin settings, webhook secret, backfills, org context). */
export interface ApiStoreQueries {
  /** Replaces the installation's plain settings; false when it does not exist. */
  updateInstallationSettings(
    installationId: string,
    settings: Record<string, unknown>,
  ): Promise<boolean>;
  /** Replaces the encrypted credentials blob (e.g. with a new webhook signing secret). */
  updateInstallationCredentials(
    installationId: string,
    credentials: EncryptedSecret,
  ): Promise<boolean>;
  createBackfill(
    installationId: string,
    since: Instant,
    requestedAt: Instant,
  ): Promise<BackfillRecord>;
  getLatestBackfill(installationId: string): Promise<BackfillRecord | null>;
  countTicketsStoredSince(installationId: string, since: Instant): Promise<BackfillTicketCounts>;
  /** Stream times of one installation, or of every installation when `installationId` is null. */
  listStreamTimes(installationId: string | null): Promise<StreamTimes[]>;
  /** One unresolved quarantined record's stream, source id and raw JSON, or null. */
  findQuarantined(
    installationId: string,
    stream: string,
    recordKey: string,
  ): Promise<{ stream: string; sourceId: string | null; raw: unknown } | null>;
  /** The organisation's most recent tickets with their metrics, newest first. */
  listOrganizationTickets(
    installationId: string,
    organizationId: Id,
    limit: number,
  ): Promise<RequesterTicket[]>;
}

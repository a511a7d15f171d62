import type { Instant } from '../../domain/index.js';

/** How much an installation holds, and when a sync last stored a page of it. */
export interface InstallationFootprint {
  tickets: number;
  events: number;
  users: number;
  organizations: number;
  ticketMetrics: number;
  /** Outbox rows still waiting (analysis, summaries, rollups, push-back). */
  pending: number;
  /** The newest page any stream stored; null before the first sync. */
  lastSyncAt: Instant | null;
}

/** Store methods of an installation's lifecycle: inspect it, rotate its app secret, delete it. */
export interface LifecycleQueries {
  /** Row counts and the last sync of an installation (zeros and null for an unknown id). */
  installationFootprint(installationId: string): Promise<InstallationFootprint>;
  /** Replaces the app secret's hash; false when the installation does not exist. */
  replaceAppSecretHash(installationId: string, appSecretHash: string): Promise<boolean>;
  /**
   * Deletes the installation and every row that belongs to it, in one transaction (each tenant
   * table cascades from `installations`); false when it did not exist.
   */
  deleteInstallation(installationId: string): Promise<boolean>;
}

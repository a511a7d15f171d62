import type { HelpdeskConnector } from '../connectors/connector.js';
import type { TicketStore } from '../store/store.js';

/**
 * Reads the helpdesk's settings that analysis depends on (business-hours schedules with their
 * holidays) and stores them. A sync calls it before it writes any ticket page, so no ticket of
 * a first backfill is analysed without the schedules that time it; a later change reaches stored
 * history through the analysis drain's settings check (reanalysis.ts).
 */
export async function syncSettings(
  store: Pick<TicketStore, 'saveSchedules'>,
  connector: Pick<HelpdeskConnector, 'schedules'>,
  installationId: string,
): Promise<void> {
  await store.saveSchedules(installationId, await connector.schedules());
}

import type { HelpdeskConnector } from '../../connectors/connector.js';
import type { TicketStore } from '../../store/store.js';
import { adminScheduleIdsOf, HELPDESK_SLA_POLICY } from '../sidebar/settings.js';

/**
 * Reads the helpdesk's settings that analysis depends on and stores them, with the names of its
 * groups and brands (the views show names, tickets carry ids): business-hours
 * schedules with their holidays (except those an admin set, which win) and the SLA policy, kept
 * beside an admin's own policy, which wins too (sidebar/settings.ts). A sync calls it before it
 * writes any ticket page, so no ticket of a first backfill is analysed without the schedules that
 * time it; a later change reaches stored history through the analysis drain's settings check
 * (reanalysis.ts).
 */
export async function syncSettings(
  store: Pick<
    TicketStore,
    'saveSchedules' | 'getInstallation' | 'updateInstallationSettings' | 'saveDirectory'
  >,
  connector: Pick<HelpdeskConnector, 'schedules' | 'slaPolicy' | 'directory'>,
  installationId: string,
): Promise<void> {
  // Group and brand names travel with the settings: small lists, read whole on every sync.
  if (connector.directory !== undefined) {
    const { kinds, entries } = await connector.directory();
    await store.saveDirectory(installationId, kinds, entries);
  }
  const settings = (await store.getInstallation(installationId))?.settings ?? {};
  const adminIds = new Set(adminScheduleIdsOf(settings));
  const schedules = await connector.schedules();
  await store.saveSchedules(
    installationId,
    schedules.filter((s) => !adminIds.has(s.id)),
  );
  if (connector.slaPolicy === undefined) return;
  const imported = await connector.slaPolicy();
  const stored = settings[HELPDESK_SLA_POLICY] ?? null;
  // Written only on a change: settings are one JSON document an admin may be editing too.
  if (JSON.stringify(imported) === JSON.stringify(stored)) return;
  const fresh = (await store.getInstallation(installationId))?.settings ?? settings;
  const others = Object.entries(fresh).filter(([key]) => key !== HELPDESK_SLA_POLICY);
  const next: [string, unknown][] =
    imported === null ? others : [...others, [HELPDESK_SLA_POLICY, imported]];
  await store.updateInstallationSettings(installationId, Object.fromEntries(next));
}

import type { HandleTimeEntry } from '../../domain/index.js';
import { registerTicketWebhook } from './webhook-registration.js';
import type { HelpdeskConnector, Page } from '../connector.js';
import type { ZendeskClient } from './client.js';
import { organizationPages, satisfactionPages, userPages } from './entity-streams.js';
import { currentUser } from './current-user.js';
import { directory } from './directory.js';
import { eventPages } from './event-stream.js';
import type { ZendeskMappingOptions } from './map.js';
import { schedules, ticketHistory, type RepairDeps } from './repair.js';
import { RoleCache } from './role-cache.js';
import { slaPolicy } from './sla-policies.js';
import { ticketPages } from './ticket-stream.js';
import {
  ensureUserFields,
  notifyApp,
  updateManyUserFields,
  updateUserFields,
} from './write-back.js';

export { findTicketFieldIds } from './write-back.js';

/** What the Zendesk connector needs: a client, the account's field ids, and a clock. */
export interface ZendeskConnectorConfig {
  client: ZendeskClient;
  /** Time-tracking and CES field ids (see `findTicketFieldIds`); either may be null. */
  mapping: ZendeskMappingOptions;
  /** Epoch ms; start times are kept out of the last minute relative to it. */
  now: () => number;
  /**
   * Receives notes that are not records of a stream: skipped schedules (e.g. an unknown time
   * zone) and history-mapping warnings. Defaults to a Node process warning.
   */
  onWarning?: (message: string) => void;
}

/**
 * The HelpdeskConnector for Zendesk Support, speaking exactly the API subset in API-SUBSET.md.
 * One instance keeps a cache of user roles (from the users stream and `users/show_many`) so
 * comment authors are classified without asking twice.
 */
export function createZendeskConnector(config: ZendeskConnectorConfig): HelpdeskConnector {
  const { client, mapping, now } = config;
  const roles = new RoleCache();
  const warn =
    config.onWarning ??
    ((message: string) => {
      process.emitWarning(message, 'ZendeskConnectorWarning');
    });
  const repair: RepairDeps = { client, roles, mapping, warn };
  return {
    kind: 'zendesk',
    rateLimit: () => {
      const stats = client.stats();
      return {
        count429: stats.rateLimited429,
        remaining: stats.lastRemaining,
        limit: stats.lastLimit,
      };
    },
    currentUser: (signal) => currentUser(client, signal),
    ticketPages: (options) => ticketPages(client, now, options),
    eventPages: (options) => eventPages({ client, roles, mapping, now }, options),
    userPages: (options) => userPages(client, roles, now, options),
    organizationPages: (options) => organizationPages(client, now, options),
    satisfactionPages: (options) => satisfactionPages(client, now, options),
    timeEntryPages: () => noTimeEntries(),
    schedules: () => schedules(repair),
    slaPolicy: () => slaPolicy(client, warn),
    directory: () => directory(client, warn),
    ticketHistory: (ticketId) => ticketHistory(repair, ticketId),
    ensureUserFields: (fields) => ensureUserFields(client, fields),
    updateUserFields: (userId, values) => updateUserFields(client, userId, values),
    updateManyUserFields: (updates) => updateManyUserFields(client, updates),
    notifyApp: (notification) => notifyApp(client, notification),
    registerWebhook: (endpoint) => registerTicketWebhook(client, endpoint),
  };
}

/**
 * Zendesk has no time-entry objects: Time Tracking app totals arrive as `handle_time` events on
 * the events stream (deltas of the "Total time spent (sec)" field), so this stream is empty.
 */
async function* noTimeEntries(): AsyncGenerator<Page<HandleTimeEntry>> {}

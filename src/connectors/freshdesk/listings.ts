import type {
  HandleTimeEntry,
  HelpdeskUser,
  Organization,
  TicketEvent,
} from '../../domain/index.js';
import { mapAgent, mapCompany, mapContact, mapSatisfactionRating, mapTimeEntry } from './map.js';
import type { ListingSpec } from './pager.js';
import {
  FreshdeskAgentSchema,
  FreshdeskCompanySchema,
  FreshdeskContactSchema,
  FreshdeskSatisfactionRatingSchema,
  FreshdeskTimeEntrySchema,
  type FreshdeskAgent,
  type FreshdeskCompany,
  type FreshdeskContact,
  type FreshdeskSatisfactionRating,
  type FreshdeskTimeEntry,
} from './schemas.js';

// Agents back-date time entries (executed_at is the day of the work), so each sync re-reads a week.
const TIME_ENTRY_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/** Agents: the list has no time filter and is small, so it is read in full and filtered here. */
export const AGENTS: ListingSpec<FreshdeskAgent, HelpdeskUser> = {
  stream: 'users',
  path: '/api/v2/agents',
  params: () => ({}),
  schema: FreshdeskAgentSchema,
  map: mapAgent,
  watermark: (r) => Date.parse(r.updated_at),
  filterLocally: true,
};

/** Contacts (customers) changed since the window start. */
export const CONTACTS: ListingSpec<FreshdeskContact, HelpdeskUser> = {
  stream: 'users',
  path: '/api/v2/contacts',
  params: (since) => ({ updated_since: since }),
  schema: FreshdeskContactSchema,
  map: mapContact,
  watermark: (r) => Date.parse(r.updated_at),
};

/** Companies: no time filter on the list either. */
export const COMPANIES: ListingSpec<FreshdeskCompany, Organization> = {
  stream: 'organizations',
  path: '/api/v2/companies',
  params: () => ({}),
  schema: FreshdeskCompanySchema,
  map: mapCompany,
  watermark: (r) => Date.parse(r.updated_at),
  filterLocally: true,
};

/** Satisfaction ratings created since the window start. */
export const SATISFACTION_RATINGS: ListingSpec<FreshdeskSatisfactionRating, TicketEvent> = {
  stream: 'satisfaction',
  path: '/api/v2/surveys/satisfaction_ratings',
  params: (since) => ({ created_since: since }),
  schema: FreshdeskSatisfactionRatingSchema,
  map: mapSatisfactionRating,
  watermark: (r) => Date.parse(r.created_at),
};

/** Time entries executed since the window start; running timers hold the window back. */
export const TIME_ENTRIES: ListingSpec<FreshdeskTimeEntry, HandleTimeEntry> = {
  stream: 'time_entries',
  path: '/api/v2/time_entries',
  params: (since) => ({ executed_after: since }),
  schema: FreshdeskTimeEntrySchema,
  map: mapTimeEntry,
  watermark: (r) => Date.parse(r.executed_at ?? r.created_at),
  // A running timer is read again on every sync until it stops.
  holdBack: (r) => (r.timer_running ? Date.parse(r.executed_at ?? r.created_at) : null),
  lookbackMs: TIME_ENTRY_LOOKBACK_MS,
};

import type {
  DirectoryEntry,
  DirectoryKind,
  HandleTimeEntry,
  HelpdeskTicketMetrics,
  HelpdeskUser,
  Id,
  Organization,
  Schedule,
  SlaPolicy,
  Ticket,
  TicketEvent,
} from '../domain/index.js';

/** Opaque resume point of one stream (a cursor, or a start time); only the connector reads it. */
export type Checkpoint = string;

export type StreamName =
  'tickets' | 'ticket_events' | 'users' | 'organizations' | 'satisfaction' | 'time_entries';

/**
 * A record that failed validation or mapping. It is reported, never dropped silently and never
 * allowed to fail the page: the rest of the page still arrives.
 */
export interface QuarantinedRecord {
  stream: StreamName;
  /** The record's id in the helpdesk, when it could be read. */
  sourceId: string | null;
  reason: string;
  /** The record exactly as received, for inspection and retry. */
  raw: unknown;
}

/** One page of a stream: normalised items, what was quarantined, and where to resume after it. */
export interface Page<T> {
  items: T[];
  quarantined: QuarantinedRecord[];
  /** Resume point after this page; persist it only once the page is stored. */
  checkpoint: Checkpoint;
  /** True when the stream has caught up (Zendesk `end_of_stream`). */
  endOfStream: boolean;
}

/** Tickets with the helpdesk's own metrics for them, when it sends them (Zendesk `metric_sets`). */
export interface TicketBatch {
  tickets: Ticket[];
  helpdeskMetrics: HelpdeskTicketMetrics[];
}

export interface StreamOptions {
  /** Where to start: a checkpoint from an earlier page, or null for a backfill from `startTime`. */
  checkpoint: Checkpoint | null;
  /** Backfill start (epoch ms) when there is no checkpoint. */
  startTime: number;
  signal?: AbortSignal;
}

/** A user field the app owns in the helpdesk (e.g. `deskpulse_effort`), created once. */
export interface UserFieldSpec {
  key: string;
  title: string;
  type: 'integer' | 'decimal' | 'text';
  description: string;
}

/** A message to running app instances (Zendesk apps notify API), so open sidebars refresh. */
export interface AppNotification {
  appId: string;
  event: string;
  body: unknown;
  agentIds?: Id[];
}

/**
 * The one interface services use to talk to a helpdesk. Implementations validate every payload,
 * map it to the domain model and turn transport problems into `ConnectorError`s; nothing outside
 * `connectors/` sees raw payloads or the HTTP client.
 */
export interface HelpdeskConnector {
  readonly kind: 'zendesk' | 'freshdesk';
  /** The helpdesk's rate limit as this connector has seen it so far (see {@link RateLimitState}). */
  rateLimit(): RateLimitState;
  /**
   * The user the credentials authenticate as, in one cheap call: what `install` checks before it
   * stores anything. Rejects with AUTH_FAILED when the helpdesk refuses them or takes the caller
   * for an anonymous visitor.
   */
  currentUser(signal?: AbortSignal): Promise<HelpdeskAccountUser>;
  /** Tickets changed since the checkpoint (deleted ones only when `includeDeleted`). */
  ticketPages(
    options: StreamOptions & { includeDeleted?: boolean },
  ): AsyncIterable<Page<TicketBatch>>;
  /** Ticket history events (status changes, comments, field changes, ratings…) since the checkpoint. */
  eventPages(options: StreamOptions): AsyncIterable<Page<TicketEvent>>;
  userPages(options: StreamOptions): AsyncIterable<Page<HelpdeskUser>>;
  organizationPages(options: StreamOptions): AsyncIterable<Page<Organization>>;
  /** Satisfaction ratings as `satisfaction` events. */
  satisfactionPages(options: StreamOptions): AsyncIterable<Page<TicketEvent>>;
  /** Agent-logged time (Freshdesk time entries; Zendesk's arrive as `handle_time` events instead). */
  timeEntryPages(options: StreamOptions): AsyncIterable<Page<HandleTimeEntry>>;
  /** Business-hours schedules with their holidays. */
  schedules(): Promise<Schedule[]>;
  /**
   * The account's SLA policy in the engine's shape (null: none), where the helpdesk's API exposes
   * its policies (Zendesk); absent where it does not.
   */
  slaPolicy?(): Promise<SlaPolicy | null>;
  /**
   * The names of the groups and brands tickets reference by id, where the helpdesk lists them
   * (see {@link DirectoryListing}); absent where it has no such lists.
   */
  directory?(): Promise<DirectoryListing>;
  /** One ticket's full history, to repair gaps (Zendesk per-ticket audits). */
  ticketHistory(
    ticketId: Id,
  ): Promise<{ ticket: Ticket; events: TicketEvent[]; quarantined: QuarantinedRecord[] }>;
  /** Creates the app's user fields that do not exist yet; idempotent. */
  ensureUserFields(fields: readonly UserFieldSpec[]): Promise<void>;
  /** Writes values of the app's user fields on one user. */
  updateUserFields(
    userId: Id,
    values: Readonly<Record<string, string | number | null>>,
  ): Promise<void>;
  /**
   * Writes the app's user fields on many users at once (Zendesk: `update_many`, 100 users per
   * request, applied by a background job), for backfills where one request per user would spend
   * the rate budget. No app notification: nobody waits on these in an open sidebar.
   */
  updateManyUserFields(updates: readonly UserFieldsUpdate[]): Promise<void>;
  notifyApp(notification: AppNotification): Promise<void>;
  /**
   * Creates what makes the helpdesk notify `endpoint` of every ticket change (Zendesk: a webhook
   * and a trigger), where the helpdesk can; absent where it cannot.
   */
  registerWebhook?(endpoint: string): Promise<RegisteredWebhook>;
}

/** What {@link HelpdeskConnector.registerWebhook} created in the helpdesk account. */
export interface RegisteredWebhook {
  webhookId: string;
  triggerId: string;
  /** The helpdesk generates the signing secret; Deskpulse stores it to verify deliveries. */
  signingSecret: string;
}

/**
 * Groups and brands as the helpdesk lists them now. `kinds` says which lists were read whole:
 * the store replaces exactly those, so a kind the helpdesk does not have (or would not list)
 * never erases names read earlier.
 */
export interface DirectoryListing {
  kinds: DirectoryKind[];
  entries: DirectoryEntry[];
}

/** Who a connector's credentials act as in the helpdesk. */
export interface HelpdeskAccountUser {
  userId: Id;
  name: string | null;
  /** The helpdesk's own role name (Zendesk `admin`, `agent`…); null when the API names none. */
  role: string | null;
  /** Whether the user administers the account; null when the helpdesk cannot say in one call. */
  isAdmin: boolean | null;
}

/** One user's app field values, for {@link HelpdeskConnector.updateManyUserFields}. */
export interface UserFieldsUpdate {
  userId: Id;
  values: Readonly<Record<string, string | number | null>>;
}

/**
 * 429 answers this connector's client received since it was created (cumulative, retried ones
 * included), and the request budget left and its size in the latest response's headers (null
 * until a response carried them).
 */
export interface RateLimitState {
  count429: number;
  remaining: number | null;
  limit: number | null;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { CommentEvent, Ticket } from '../../../src/domain/index.js';
import type { SqlClient } from '../../../src/store/sql-client.js';
import { createPgClient, createPgliteClient } from '../../../src/store/sql-client.js';
import { encryptSecret, hashAppSecret } from '../../../src/security/secrets.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type {
  NewInstallation,
  TicketMetricsDims,
  TicketStore,
  TimelineColumns,
} from '../../../src/store/store.js';
import type { TimelineColumnsWindow } from '../../../src/store/roles/whatif.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { DATABASE_URL, testSchema } from '../../support/test-schema.js';

export { DATABASE_URL };

/** A database opened for one test file, and how to throw it away. */
export interface TestDatabase {
  client: SqlClient;
  /** Another client on the same database (PG only: PGlite is single-connection). */
  openAnother: (() => SqlClient) | null;
  dispose(): Promise<void>;
}

/** Opens a fresh schema on the real PostgreSQL; `dispose` drops it. */
async function openPostgres(): Promise<TestDatabase> {
  const db = testSchema();
  const schema = db.name;
  await db.create();
  const extra: SqlClient[] = [];
  const client = createPgClient(DATABASE_URL, { schema });
  return {
    client,
    openAnother: () => {
      const another = createPgClient(DATABASE_URL, { schema });
      extra.push(another);
      return another;
    },
    async dispose() {
      await Promise.all([client, ...extra].map((c) => c.close()));
      await db.drop();
    },
  };
}

async function openPglite(): Promise<TestDatabase> {
  const client = await createPgliteClient();
  return { client, openAnother: null, dispose: () => client.close() };
}

/** Every suite runs once per adapter: the same SQL must behave the same on both. */
export const DATABASES: readonly [string, () => Promise<TestDatabase>][] = [
  ['postgres', openPostgres],
  ['pglite', openPglite],
];

/** A fresh database of one adapter, migrated, and the SQL store on it (a suite's `beforeAll`). */
export async function openMigratedStore(
  open: () => Promise<TestDatabase>,
): Promise<{ db: TestDatabase; store: TicketStore }> {
  const db = await open();
  await migrate(db.client);
  return { db, store: createSqlStore(db.client) };
}

/** What {@link withInstallationStore} opens for a suite. */
export interface OpenedInstallation {
  db: TestDatabase;
  store: TicketStore;
  /** One installation created in it. */
  inst: string;
}

/**
 * The hooks most store-backed suites share: before their tests, a fresh migrated store of one
 * adapter with one installation, handed to `use`; after them, the database thrown away. Call it
 * in the `describe` body.
 */
export function withInstallationStore(
  open: () => Promise<TestDatabase>,
  use: (opened: OpenedInstallation) => void,
): void {
  let db: TestDatabase | undefined;
  // A 60 s limit: PGlite boots a WASM Postgres and migrates it, slow on a loaded machine.
  beforeAll(async () => {
    const opened = await openMigratedStore(open);
    db = opened.db;
    const inst = (await opened.store.createInstallation(newInstallation())).id;
    use({ ...opened, inst });
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });
}

const KEY = randomBytes(32);

/** A new installation's fields with an encrypted dummy token and a random app secret. */
export function newInstallation(domain = `acme-${randomUUID().slice(0, 8)}`): NewInstallation {
  return {
    helpdesk: 'zendesk',
    domain,
    credentials: encryptSecret('token-123', KEY),
    appSecretHash: hashAppSecret(randomUUID()),
    settings: { reopenWindowDays: 7 },
  };
}

export const T0 = Date.UTC(2024, 2, 1, 9, 0, 0);

/** Slice columns for stored metrics: requester req-1, group-1, agent-1, email; override any. */
export function metricsDims(overrides: Partial<TicketMetricsDims> = {}): TicketMetricsDims {
  return {
    requesterId: 'req-1',
    organizationId: null,
    groupId: 'group-1',
    assigneeId: 'agent-1',
    channel: 'email',
    brandId: null,
    tags: [],
    ces: null,
    effortScore: null,
    computedAt: T0,
    engineVersion: 1,
    ...overrides,
  };
}

/** A ticket updated `minutesLater` after T0; override anything. */
export function ticket(id: string, minutesLater = 0, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    status: 'open',
    subject: `Ticket ${id}`,
    channel: 'email',
    requesterId: 'req-1',
    submitterId: null,
    organizationId: 'org-1',
    assigneeId: 'agent-1',
    groupId: 'group-1',
    brandId: null,
    priority: 'normal',
    tags: ['billing', 'vip'],
    customFields: { '360000001': 120, product: 'pro' },
    createdAt: T0,
    updatedAt: T0 + minutesLater * 60_000,
    scheduleId: null,
    ...overrides,
  };
}

/** A public comment event on `ticketId`, `minutesLater` after T0. */
export function comment(id: string, ticketId: string, minutesLater: number): CommentEvent {
  return {
    id,
    ticketId,
    at: T0 + minutesLater * 60_000,
    actorId: 'agent-1',
    type: 'comment',
    public: true,
    authorId: 'agent-1',
    authorKind: 'agent',
    channel: 'web',
    isCreating: false,
  };
}

/** Stores whole timelines as one synced page of the tickets stream (checkpoint `c1`). */
export async function storeTimelines(
  store: Pick<TicketStore, 'writeSyncPage'>,
  installationId: string,
  timelines: readonly TicketTimeline[],
): Promise<void> {
  await store.writeSyncPage({
    installationId,
    stream: 'tickets',
    checkpoint: 'c1',
    tickets: timelines.map((t) => t.ticket),
    events: timelines.flatMap((t) => t.events),
  });
}

/**
 * Every batch a columnar timeline read (the per-ticket read, or the replay blocks') returns from
 * `window.after` on, `window.limit` tickets at a time, as the what-if replay pages through them.
 */
export async function readAllColumns(
  read: (window: TimelineColumnsWindow) => Promise<TimelineColumns>,
  window: TimelineColumnsWindow,
): Promise<TimelineColumns[]> {
  const batches: TimelineColumns[] = [];
  let after = window.after;
  for (;;) {
    const columns = await read({ ...window, after });
    if (columns.ticketIds.length === 0) return batches;
    batches.push(columns);
    after = columns.ticketIds.at(-1) ?? after;
  }
}

import {
  checkingConnectorFor,
  createConnectorFactory,
} from '../../../src/runtime/connector-factory.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { Ticket, TicketEvent } from '../../../src/domain/index.js';
import { createApp, type AppDeps } from '../../../src/http/app.js';
import { createLogger } from '../../../src/logging.js';
import type { JobName, JobPayload } from '../../../src/queue/catalog.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { parsePayload } from '../../../src/queue/validate.js';
import { analyzeTicket } from '../../../src/services/pipeline/analyze-ticket.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import { summarizeRequester } from '../../../src/services/pipeline/summarize-requester.js';
import { createRateLimiter } from '../../../src/services/surveys/rate-limit.js';
import { migrate } from '../../../src/store/migrate.js';
import { createPgliteClient } from '../../../src/store/sql-client.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';

export const ADMIN_TOKEN = `admin-${randomBytes(24).toString('hex')}`;
export const T0 = Date.UTC(2024, 2, 1, 9, 0, 0);
const MINUTE = 60_000;

/** A job the API enqueued, validated against the catalog as the real queues do. */
export interface RecordedJob {
  name: JobName;
  payload: unknown;
}

/** A running API on PGlite in memory, with a clock the test moves and the jobs it enqueued. */
export interface ApiHarness {
  base: string;
  app: Express;
  store: TicketStore;
  jobs: RecordedJob[];
  clock: { now: number };
  key: Buffer;
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  adminToken?: string | null;
  metricsToken?: string;
  trustProxy?: boolean | number | string;
  publicUrl?: string | null;
  surveyLimit?: number;
  /** Every installation's webhook signing secret (default: none, so webhooks answer 404). */
  webhookSecret?: string;
}

function recordingProducer(jobs: RecordedJob[]): JobProducer {
  return {
    enqueue<N extends JobName>(name: N, payload: JobPayload<N>) {
      jobs.push({ name, payload: parsePayload(name, payload) });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

/** Starts the app on port 0 with every API dependency real except the queue (recorded). */
export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const client = await createPgliteClient();
  await migrate(client);
  const store = createSqlStore(client);
  const jobs: RecordedJob[] = [];
  const clock = { now: T0 + 3 * 86_400_000 };
  const now = () => clock.now;
  const key = randomBytes(32);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const producer = recordingProducer(jobs);
  const deps: AppDeps = {
    readiness: [{ name: 'store', check: () => store.ping() }],
    webhooks: {
      store,
      producer,
      webhookSecretFor: () => Promise.resolve(options.webhookSecret ?? null),
      now,
    },
    api: {
      store,
      producer,
      connectorFor: createConnectorFactory({ store, encryptionKey: key, now }),
      checkingConnectorFor: checkingConnectorFor(now),
      now,
      encryptionKey: key,
      reportingTimeZone: 'UTC',
      adminToken: options.adminToken === null ? undefined : (options.adminToken ?? ADMIN_TOKEN),
      metricsToken: options.metricsToken,
      trustProxy: options.trustProxy,
      publicUrl:
        options.publicUrl === null ? undefined : (options.publicUrl ?? 'https://dp.example.com'),
      logger: createLogger('info', sink),
      surveyRateLimiter: createRateLimiter({
        limit: options.surveyLimit ?? 1_000_000,
        windowMs: 60_000,
        now,
      }),
    },
  };
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    base,
    app,
    store,
    jobs,
    clock,
    key,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

/** A Zendesk installation registered through the service, with its one-time app secret. */
export async function installation(h: ApiHarness, domain = `acme${randomUUID().slice(0, 6)}`) {
  const registered = await registerInstallation(h.store, h.key, {
    helpdesk: 'zendesk',
    domain,
    credentials: { kind: 'token', email: 'admin@acme.test', token: 'zd-token-secret' },
  });
  return {
    id: registered.installation.id,
    secret: registered.appSecret,
    roleClaimKey: registered.roleClaimKey,
  };
}

/** A ticket created at T0 by `requesterId`, answered after 30 minutes, solved after 2 hours. */
export function solvedTicket(id: string, requesterId: string, organizationId: string) {
  const ticket: Ticket = {
    id,
    status: 'solved',
    subject: `Ticket ${id}`,
    channel: 'email',
    requesterId,
    submitterId: requesterId,
    organizationId,
    assigneeId: '900',
    groupId: '800',
    brandId: null,
    priority: 'high',
    tags: [],
    customFields: {},
    createdAt: T0,
    updatedAt: T0 + 120 * MINUTE,
    scheduleId: null,
  };
  const base = { ticketId: id, actorId: '900' };
  const events: TicketEvent[] = [
    { ...base, id: `${id}-1`, at: T0, type: 'status_change', from: null, to: 'new' },
    {
      ...base,
      id: `${id}-2`,
      at: T0 + 30 * MINUTE,
      type: 'comment',
      public: true,
      authorId: '900',
      authorKind: 'agent',
      channel: 'web',
      isCreating: false,
    },
    {
      ...base,
      id: `${id}-3`,
      at: T0 + 120 * MINUTE,
      type: 'status_change',
      from: 'new',
      to: 'solved',
    },
  ];
  return { ticket, events };
}

/** An open ticket created at T0 with no reply yet (its clocks keep running). */
export function openTicket(id: string, requesterId: string, organizationId: string) {
  const { ticket, events } = solvedTicket(id, requesterId, organizationId);
  return {
    ticket: { ...ticket, status: 'open' as const, updatedAt: T0 },
    events: [
      { ...events[0], id: `${id}-1` } as TicketEvent,
      {
        ticketId: id,
        actorId: '900',
        id: `${id}-2`,
        at: T0 + MINUTE,
        type: 'status_change',
        from: 'new',
        to: 'open',
      } as TicketEvent,
    ],
  };
}

/** Stores tickets with their events, analyses them and summarises their requesters. */
export async function seed(
  h: ApiHarness,
  installationId: string,
  items: readonly { ticket: Ticket; events: TicketEvent[] }[],
): Promise<void> {
  await h.store.writeSyncPage({
    installationId,
    stream: 'tickets',
    checkpoint: `cp-${String(h.clock.now)}`,
    tickets: items.map((i) => i.ticket),
    events: items.flatMap((i) => i.events),
  });
  const deps = {
    store: h.store,
    producer: recordingProducer([]),
    now: () => h.clock.now,
    reportingTimeZone: 'UTC',
  };
  for (const { ticket } of items) {
    await analyzeTicket(deps, { installationId, ticketId: ticket.id, updatedAt: ticket.updatedAt });
  }
  for (const requesterId of new Set(items.map((i) => i.ticket.requesterId))) {
    await summarizeRequester(deps, { installationId, requesterId });
  }
  // Every seeded ticket lives on T0's day; the board reads that day's rollups.
  await rollupDay(deps, { installationId, day: new Date(T0).toISOString().slice(0, 10) });
}

/** fetch with the bearer token; returns status, headers and the parsed body (JSON or text). */
export async function call(
  h: ApiHarness,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined && options.token !== null) {
    headers['authorization'] = `Bearer ${options.token}`;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${h.base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const json: unknown = type.includes('application/json') ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, text, json };
}

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookRouter } from '../../../src/http/routes/webhooks.js';
import type { JobPayload } from '../../../src/queue/catalog.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { signWebhook, startSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';

const SECRET = `whsec-${randomUUID()}`;

/** A delivery as Zendesk (and the simulator) sends it, signed at `signedAt` unless overridden. */
function delivery(ticketId = '42', overrides: { signedAt?: number; secret?: string } = {}) {
  const id = randomUUID();
  const timestamp = new Date(overrides.signedAt ?? Date.now()).toISOString();
  const updatedAt = '2024-06-01T11:59:00Z';
  const body = JSON.stringify({
    type: 'zen:event-type:ticket.updated',
    id,
    time: timestamp,
    detail: { id: ticketId, updated_at: updatedAt },
  });
  return { id, body, timestamp, updatedAt, headers: signed(body, timestamp, overrides.secret) };
}

function signed(body: string, timestamp: string, secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': signWebhook(secret, timestamp, body),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

describe.each(DATABASES)('POST /webhooks/zendesk/:installationId on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let server: Server;
  let base: string;
  let inst: string;
  const queue = createInProcessQueue();
  const refreshed: JobPayload<'ticket.refresh'>[] = [];

  const post = async (installationId: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${base}/webhooks/zendesk/${installationId}`, {
      method: 'POST',
      headers,
      body,
    });
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    await queue.idle();
    return { status: response.status, json: JSON.parse(text) as unknown };
  };

  // A 60 s limit: PGlite boots a WASM Postgres and migrates it, slow on a loaded machine.
  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    queue.start({
      'ticket.refresh': async (payload) => {
        refreshed.push(payload);
      },
    });
    const app = express();
    const webhookSecretFor = (id: string) => Promise.resolve(id === inst ? SECRET : null);
    app.use(createWebhookRouter({ store, producer: queue, webhookSecretFor, now: Date.now }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => {
        resolve(s);
      });
    });
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await new Promise((resolve) => server.close(resolve));
    await db.dispose();
  });

  it('accepts a signed delivery once and enqueues one refresh; a replay is a duplicate', async () => {
    const d = delivery('42');
    expect(await post(inst, d.body, d.headers)).toEqual({
      status: 202,
      json: { status: 'accepted' },
    });
    const want = { installationId: inst, ticketId: '42', updatedAt: Date.parse(d.updatedAt) };
    expect(refreshed).toEqual([want]);

    expect(await post(inst, d.body, d.headers)).toEqual({
      status: 202,
      json: { status: 'duplicate' },
    });
    expect(refreshed).toHaveLength(1);
  });

  it.each([
    ['a wrong secret', () => delivery('1', { secret: 'not-the-secret' })],
    ['a stale timestamp', () => delivery('1', { signedAt: Date.now() - 6 * 60_000 })],
    ['a future timestamp', () => delivery('1', { signedAt: Date.now() + 6 * 60_000 })],
  ])('answers 401 to %s', async (_name, make) => {
    const d = make();
    const response = await post(inst, d.body, d.headers);
    expect(response).toMatchObject({
      status: 401,
      json: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } },
    });
  });

  it('answers 401 to a tampered body and to missing signature headers', async () => {
    const d = delivery('7');
    const tampered = await post(inst, d.body.replace('"7"', '"8"'), d.headers);
    expect(tampered.status).toBe(401);
    const bare = await post(inst, d.body, { 'content-type': 'application/json' });
    expect(bare).toMatchObject({
      status: 401,
      json: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } },
    });
    expect(refreshed.some((r) => r.ticketId === '7' || r.ticketId === '8')).toBe(false);
  });

  it('answers 404 to an unknown installation, valid uuid or not', async () => {
    const d = delivery('1');
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await post(id, d.body, d.headers);
      expect(response).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    }
  });

  it.each([
    ['garbage', 'not json at all'],
    ['JSON of another shape', JSON.stringify({ hello: 'world' })],
    ['a ticket event without an id', JSON.stringify({ type: 'zen:event-type:ticket.updated' })],
  ])('answers 400 to %s with a valid signature', async (_name, body) => {
    const timestamp = new Date().toISOString();
    const response = await post(inst, body, signed(body, timestamp));
    expect(response).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('answers 413, not 500, to an oversized body', async () => {
    const body = 'x'.repeat(300 * 1024);
    const response = await post(inst, body, signed(body, new Date().toISOString()));
    expect(response).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('takes a real delivery from the simulator', async () => {
    const sim = await startSimulator({
      tickets: 20,
      rateLimit: 'off',
      webhook: { url: `${base}/webhooks/zendesk/${inst}`, secret: SECRET },
    });
    try {
      let update = null;
      for (let i = 0; update === null && i < 20; i += 1) update = await sim.updateTicket(i);
      expect(update?.delivery).toMatchObject({ status: 202 });
      await queue.idle();
      expect(refreshed.at(-1)).toEqual({
        installationId: inst,
        ticketId: String(update?.ticketId),
        updatedAt: Date.parse(update?.updatedAt ?? ''),
      });
    } finally {
      await sim.close();
    }
  });
});

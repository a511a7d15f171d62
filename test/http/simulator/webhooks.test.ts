import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { NOW, WINDOW_START, get, pageTickets, start } from './helpers.js';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function receiver(): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, deliveries };
}

function openIndex(sim: RunningSimulator): number {
  for (let i = sim.dataset.size - 1; i >= 0; i -= 1) {
    if (!['closed', 'deleted'].includes(sim.dataset.ticket(i).snap.status)) return i;
  }
  throw new Error('no open ticket');
}

describe('simulator webhooks and mutations', () => {
  it('signs ticket.updated webhooks as documented and shows the update in later exports', async () => {
    const target = await receiver();
    let now = NOW;
    const sim = await start({
      tickets: 100,
      now: () => now,
      webhook: { url: target.url, secret: 's3cret' },
    });
    cleanups.push(() => sim.close());
    const startTime = WINDOW_START / 1000;
    const first = await get(sim, `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}`);
    expect(first.body['end_of_stream']).toBe(true);

    const index = openIndex(sim);
    const eventsBefore = sim.dataset.truth(index).events.length;
    const result = await sim.updateTicket(index);
    expect(result?.delivery?.status).toBe(200);
    const delivery = target.deliveries[0];
    if (delivery === undefined) throw new Error('no delivery');
    const timestamp = String(delivery.headers['x-zendesk-webhook-signature-timestamp']);
    const expected = createHmac('sha256', 's3cret')
      .update(timestamp + delivery.body)
      .digest('base64');
    expect(delivery.headers['x-zendesk-webhook-signature']).toBe(expected);
    const body = JSON.parse(delivery.body) as { type: string; id: string; detail: { id: string } };
    expect(body.type).toBe('zen:event-type:ticket.updated');
    expect(body.id).toBe(delivery.headers['x-zendesk-webhook-id']);
    expect(body.detail.id).toBe(String(index + 1));
    expect(sim.dataset.truth(index).events.length).toBeGreaterThan(eventsBefore);

    // Within the last minute the change stays hidden; a minute later the stored cursor finds it.
    const cursor = String(first.body['after_cursor']);
    const hidden = await get(sim, `/api/v2/incremental/tickets/cursor.json?cursor=${cursor}`);
    expect(hidden.body['tickets']).toEqual([]);
    now += 61_000;
    const later = await pageTickets(
      sim,
      `/api/v2/incremental/tickets/cursor.json?cursor=${cursor}`,
    );
    expect(later.map((t) => t['id'])).toEqual([index + 1]);
    const second = await sim.updateTicket(index);
    expect(second?.delivery?.id).not.toBe(result?.delivery?.id);
  });

  it('updates random tickets periodically in demo mode', async () => {
    const target = await receiver();
    const sim = await start({
      tickets: 200,
      now: () => NOW,
      webhook: { url: target.url, secret: 'k', everySeconds: 0.05 },
    });
    cleanups.push(() => sim.close());
    await expect.poll(() => target.deliveries.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    const ids = target.deliveries.map((d) => (JSON.parse(d.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

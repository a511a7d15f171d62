import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { NOW, get, start } from './helpers.js';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A webhook target that records what it receives. */
async function receiver(): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, deliveries };
}

async function simulator(webhookUrl?: string): Promise<RunningSimulator> {
  const sim = await start({
    tickets: 100,
    ...(webhookUrl === undefined ? {} : { webhook: { url: webhookUrl, secret: 'bench-secret' } }),
  });
  cleanups.push(() => sim.close());
  return sim;
}

/** A ticket in `status`, found through the ground truth (not the code under test). */
async function ticketIn(sim: RunningSimulator, statuses: string[]): Promise<number> {
  const lines = (await (await fetch(`${sim.url}/__truth/tickets.ndjson`)).text())
    .trim()
    .split('\n');
  for (const line of lines.reverse()) {
    const { ticket } = JSON.parse(line) as { ticket: { id: string; status: string } };
    if (statuses.includes(ticket.status)) return Number(ticket.id);
  }
  throw new Error(`no ticket in ${statuses.join('/')}`);
}

async function truthOf(sim: RunningSimulator, id: number) {
  const lines = (await (await fetch(`${sim.url}/__truth/tickets.ndjson`)).text())
    .trim()
    .split('\n');
  const found = lines
    .map(
      (l) =>
        JSON.parse(l) as { ticket: Record<string, unknown>; events: Record<string, unknown>[] },
    )
    .find((t) => t.ticket['id'] === String(id));
  if (found === undefined) throw new Error(`ticket ${id} not in the truth`);
  return found;
}

async function post(sim: RunningSimulator, id: number | string, body: unknown, raw?: string) {
  const response = await fetch(`${sim.url}/__control/tickets/${String(id)}/update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /__control/tickets/:id/update', () => {
  it('changes the ticket, its truth and the API now, and sends a signed webhook', async () => {
    const target = await receiver();
    const sim = await simulator(target.url);
    const id = await ticketIn(sim, ['open', 'pending', 'hold', 'new']);
    const eventsBefore = (await truthOf(sim, id)).events.length;

    const answer = await post(sim, id, {
      status: 'solved',
      priority: 'urgent',
      comment: 'Fixed on our side',
    });
    expect(answer.status).toBe(200);
    const ticket = answer.body['ticket'] as Record<string, unknown>;
    const update = answer.body['update'] as { id: number; updated_at: string };
    expect(ticket).toMatchObject({ id, status: 'solved', priority: 'urgent' });
    expect(ticket['updated_at']).toBe(update.updated_at);
    // The update is stamped at simulated now (the window's end is earlier).
    expect(Date.parse(update.updated_at)).toBe(NOW);

    const truth = await truthOf(sim, id);
    expect(truth.ticket).toMatchObject({ status: 'solved', priority: 'urgent' });
    const added = truth.events.slice(eventsBefore);
    expect(added.map((e) => e['type'])).toEqual(
      expect.arrayContaining(['comment', 'status_change']),
    );
    expect(added.map((e) => new Date(e['at'] as number | string).getTime())).toEqual(
      added.map(() => NOW),
    );
    expect(added.find((e) => e['type'] === 'comment')).toMatchObject({
      public: true,
      authorKind: 'agent',
    });
    const audits = await get(sim, `/api/v2/tickets/${id}/audits.json`);
    const last = (audits.body['audits'] as { id: number; events: Record<string, unknown>[] }[]).at(
      -1,
    );
    expect(last?.id).toBe(update.id);
    expect(last?.events.some((e) => e['body'] === 'Fixed on our side')).toBe(true);

    expect(target.deliveries).toHaveLength(1);
    const [delivery] = target.deliveries;
    if (delivery === undefined) throw new Error('no delivery');
    const timestamp = String(delivery.headers['x-zendesk-webhook-signature-timestamp']);
    const signature = createHmac('sha256', 'bench-secret')
      .update(timestamp + delivery.body)
      .digest('base64');
    expect(delivery.headers['x-zendesk-webhook-signature']).toBe(signature);
    const hook = JSON.parse(delivery.body) as {
      type: string;
      id: string;
      detail: Record<string, string>;
    };
    expect(hook.type).toBe('zen:event-type:ticket.updated');
    expect(hook.detail).toEqual({ id: String(id), updated_at: update.updated_at });
    expect(answer.body['webhook']).toEqual({ id: hook.id, status: 200 });
  });

  it('makes a realistic next update when no change is given, and none when nothing changes', async () => {
    const target = await receiver();
    const sim = await simulator(target.url);
    const id = await ticketIn(sim, ['open', 'pending', 'hold', 'new']);
    const before = await truthOf(sim, id);
    const next = await post(sim, id, {});
    expect(next.status).toBe(200);
    expect(next.body['update']).not.toBeNull();
    expect((await truthOf(sim, id)).events.length).toBeGreaterThan(before.events.length);

    const current = (next.body['ticket'] as { status: string }).status;
    const deliveries = target.deliveries.length;
    if (current === 'closed') return;
    const same = await post(sim, id, { status: current });
    expect(same.status).toBe(200);
    expect(same.body['update']).toBeNull();
    expect(same.body['webhook']).toBeNull();
    expect(target.deliveries.length).toBe(deliveries);
  });

  it('answers 404, 422 and 400 as Zendesk would', async () => {
    const sim = await simulator();
    const closed = await ticketIn(sim, ['closed']);
    expect((await post(sim, 999_999, {})).status).toBe(404);
    expect((await post(sim, 'abc', {})).status).toBe(404);
    const locked = await post(sim, closed, { status: 'open' });
    expect(locked.status).toBe(422);
    expect(locked.body['description']).toBe('Status: closed prevents ticket update');
    const open = await ticketIn(sim, ['open', 'pending', 'hold', 'new']);
    const before = (await truthOf(sim, open)).events;
    const bad = await post(sim, open, { status: 'new' });
    expect(bad.status).toBe(400);
    expect(bad.body['description']).toContain('status');
    expect((await post(sim, open, { colour: 'red' })).status).toBe(400);
    expect((await post(sim, open, { comment: '   ' })).status).toBe(400);
    expect((await post(sim, open, null, '{"status":')).status).toBe(400);
    // Nothing of the above changed the ticket.
    expect((await truthOf(sim, open)).events).toEqual(before);
  });
});

describe('deskpulse simulator update-ticket', () => {
  function io() {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (t: string) => (out.stdout += t),
        stderr: (t: string) => (out.stderr += t),
        clock: () => Date.now(),
      },
    };
  }

  it('updates the ticket, prints it and the webhook delivery', async () => {
    const target = await receiver();
    const sim = await simulator(target.url);
    const id = await ticketIn(sim, ['open', 'pending', 'hold', 'new']);
    const { out, io: cliIo } = io();
    const code = await main(
      [
        'simulator',
        'update-ticket',
        '--url',
        sim.url,
        '--ticket',
        String(id),
        '--status',
        'hold',
        '--comment',
        'Waiting on the vendor',
      ],
      cliIo,
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect(out.stdout).toMatch(
      new RegExp(`^Ticket ${id} updated at \\S+ \\(update \\d+\\): status hold`),
    );
    expect(out.stdout).toMatch(/Webhook \S+ delivered: HTTP 200/);
    expect((await truthOf(sim, id)).ticket['status']).toBe('hold');
    expect(target.deliveries).toHaveLength(1);
  });

  it('fails clearly: unknown ticket (exit 1), bad option values (exit 2), no simulator (exit 1)', async () => {
    const sim = await simulator();
    const unknown = io();
    expect(
      await main(
        ['simulator', 'update-ticket', '--url', sim.url, '--ticket', '999999'],
        unknown.io,
      ),
    ).toBe(1);
    expect(unknown.out.stderr).toContain('the simulator answered 404');

    const badStatus = io();
    expect(
      await main(
        ['simulator', 'update-ticket', '--url', sim.url, '--ticket', '1', '--status', 'new'],
        badStatus.io,
      ),
    ).toBe(2);
    expect(badStatus.out.stderr).toContain('Allowed choices are open, pending, hold, solved');

    const badId = io();
    expect(
      await main(['simulator', 'update-ticket', '--url', sim.url, '--ticket', '-4'], badId.io),
    ).toBe(2);
    expect(badId.out.stderr).toContain('expected a ticket id');

    const badUrl = io();
    expect(
      await main(['simulator', 'update-ticket', '--url', 'ftp://x', '--ticket', '1'], badUrl.io),
    ).toBe(2);
    expect(badUrl.out.stderr).toContain('expected an http(s) URL');

    const away = io();
    expect(
      await main(
        ['simulator', 'update-ticket', '--url', 'http://127.0.0.1:9', '--ticket', '1'],
        away.io,
      ),
    ).toBe(1);
    expect(away.out.stderr).toContain('cannot reach the simulator at http://127.0.0.1:9');
  });
});

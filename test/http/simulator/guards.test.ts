import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { WINDOW_START, get, getWithRetry, pageEvents, pageTickets, start } from './helpers.js';

const startTime = WINDOW_START / 1000;
const ticketsPath = `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}&per_page=100`;
const opened: RunningSimulator[] = [];
async function open(...args: Parameters<typeof start>): Promise<RunningSimulator> {
  const sim = await start(...args);
  opened.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

describe('simulator auth and rate limits', () => {
  it('answers 401 JSON to missing or wrong credentials and accepts Basic and Bearer', async () => {
    const sim = await open();
    const none = await fetch(`${sim.url}/api/v2/ticket_fields.json`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: "Couldn't authenticate you" });
    const wrong = await fetch(`${sim.url}/api/v2/ticket_fields.json`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.credentials.email}/token:nope`).toString('base64')}`,
      },
    });
    expect(wrong.status).toBe(401);
    const bearer = await fetch(`${sim.url}/api/v2/ticket_fields.json`, {
      headers: { authorization: `Bearer ${sim.credentials.oauthToken}` },
    });
    expect(bearer.status).toBe(200);
    expect((await get(sim, '/api/v2/ticket_fields.json')).status).toBe(200);
  });

  it('limits requests per minute with headers, 429 and Retry-After', async () => {
    const sim = await open({ rateLimit: { perMinute: 3, exportsPerMinute: 2 } });
    const first = await get(sim, '/api/v2/ticket_fields.json');
    expect(first.headers.get('x-rate-limit')).toBe('3');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await get(sim, ticketsPath)).status).toBe(200);
    const exportLimited = await get(sim, ticketsPath);
    expect(exportLimited.status).toBe(200);
    const over = await get(sim, '/api/v2/ticket_fields.json');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits incremental exports separately with the APIRateLimitExceeded body', async () => {
    const sim = await open({ rateLimit: { exportsPerMinute: 2 } });
    expect((await get(sim, ticketsPath)).status).toBe(200);
    expect((await get(sim, ticketsPath)).status).toBe(200);
    const over = await get(sim, ticketsPath);
    expect(over.status).toBe(429);
    expect(over.body['error']).toBe('APIRateLimitExceeded');
    expect(over.headers.get('retry-after')).not.toBeNull();
    expect((await get(sim, '/api/v2/ticket_fields.json')).status).toBe(200);
  });
});

describe('simulator faults', () => {
  it.each([
    ['rateLimitStorm', { rateLimitStorm: { probability: 0.5 } }, '429'],
    ['serverErrors', { serverErrors: { probability: 0.5, status: 502 } }, '502'],
    ['dropConnection', { dropConnection: { probability: 0.5 } }, 'dropped'],
  ] as const)(
    'injects %s and a retried request eventually succeeds',
    async (_name, faults, failure) => {
      const sim = await open({ faults });
      const failures: string[] = [];
      for (let k = 0; k < 10; k += 1)
        failures.push(...(await getWithRetry(sim, ticketsPath)).failures);
      expect(failures).toContain(failure);
    },
  );

  it('slows responses when asked', async () => {
    const sim = await open({ faults: { slowResponseMs: { probability: 1, ms: 150 } } });
    const began = performance.now();
    expect((await get(sim, '/api/v2/ticket_fields.json')).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('serves the same data through transport faults as without them', async () => {
    const clean = await open({ tickets: 300 });
    const faulty = await open({
      tickets: 300,
      faults: {
        rateLimitStorm: { probability: 0.2 },
        serverErrors: { probability: 0.2 },
        dropConnection: { probability: 0.1 },
      },
    });
    const a = await pageTickets(clean, ticketsPath);
    const b = await pageTickets(faulty, ticketsPath);
    expect(b).toEqual(a);
  });

  it('repeats and shuffles events when asked, without losing any', async () => {
    const clean = await open({ tickets: 300 });
    const faulty = await open({
      tickets: 300,
      faults: { duplicateEvents: { probability: 1 }, outOfOrderEvents: { probability: 1 } },
    });
    const a = await pageEvents(clean, startTime, 200);
    const b = await pageEvents(faulty, startTime, 200);
    expect(b.length).toBeGreaterThan(a.length);
    const times = b.map((e) => e['timestamp'] as number);
    expect(times).not.toEqual([...times].sort((x, y) => x - y));
    const byId = new Map(b.map((e) => [e['id'], e]));
    // The time-based export repeats boundary items on its own, so compare distinct ids.
    expect([...byId.keys()].sort()).toEqual([...new Set(a.map((e) => e['id']))].sort());
  });

  it('reports exactly the malformed and drifted records as expected quarantine', async () => {
    const sim = await open({
      tickets: 400,
      faults: { malformedRecords: { probability: 0.02 }, schemaDrift: { probability: 0.02 } },
    });
    const tickets = await pageTickets(sim, ticketsPath);
    const events = await pageEvents(sim, startTime);
    const badTickets = tickets.filter(
      (t) =>
        !('created_at' in t) || typeof t['status'] !== 'string' || t['created_at'] === 'yesterday',
    );
    const badEvents = events.filter((e) => !('ticket_id' in e) || e['ticket_id'] === null);
    const served = [
      ...badTickets.map((t) => ({ stream: 'tickets', sourceId: String(t['id']) })),
      ...badEvents.map((e) => ({ stream: 'ticket_events', sourceId: String(e['id']) })),
    ];
    const truth = (await (await fetch(`${sim.url}/__truth/quarantine`)).json()) as {
      expectedQuarantine: unknown[];
    };
    expect(served.length).toBeGreaterThan(5);
    expect(truth.expectedQuarantine).toEqual(expect.arrayContaining(served));
    expect(truth.expectedQuarantine.length).toBe(served.length);
    expect(tickets.some((t) => 'createdAt' in t && typeof t['status'] === 'number')).toBe(true);
  });
});

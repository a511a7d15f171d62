import { afterEach, describe, expect, it } from 'vitest';
import type { FaultReport, RunningSimulator } from '../../../src/simulator/index.js';
import { WINDOW_START, get, start } from './helpers.js';

const opened: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function report(sim: RunningSimulator): Promise<FaultReport> {
  return (await (await fetch(`${sim.url}/__faults`)).json()) as FaultReport;
}

/** What the client saw of one request: its status, or 'dropped'. */
async function outcome(sim: RunningSimulator, path: string): Promise<number | 'dropped'> {
  try {
    return (await get(sim, path)).status;
  } catch {
    return 'dropped';
  }
}

describe('GET /__faults', () => {
  it('counts the transport faults and 429s served, per kind and per route, as the client saw them', async () => {
    const sim = await start({
      tickets: 100,
      rateLimit: { perMinute: 10_000 },
      faults: {
        serverErrors: { probability: 0.2 },
        rateLimitStorm: { probability: 0.2 },
        dropConnection: { probability: 0.1 },
      },
    });
    opened.push(sim);
    const seen = new Map<string, (number | 'dropped')[]>();
    for (let k = 0; k < 120; k += 1) {
      const route = k % 2 === 0 ? 'GET /api/v2/ticket_fields.json' : 'GET /api/v2/tickets/:id.json';
      const path =
        k % 2 === 0 ? '/api/v2/ticket_fields.json' : `/api/v2/tickets/${(k % 50) + 1}.json`;
      seen.set(route, [...(seen.get(route) ?? []), await outcome(sim, path)]);
    }
    const all = [...seen.values()].flat();
    const count = (list: (number | 'dropped')[], what: number | 'dropped') =>
      list.filter((o) => o === what).length;
    const got = await report(sim);
    expect(got.requests).toBe(120);
    expect(got.faults.serverErrors).toBe(count(all, 503));
    expect(got.faults.rateLimitStorm).toBe(count(all, 429));
    expect(got.faults.dropConnection).toBe(count(all, 'dropped'));
    expect(got.rateLimited).toEqual({
      total: count(all, 429),
      budget: 0,
      exportsBudget: 0,
      storm: count(all, 429),
    });
    expect(count(all, 503) + count(all, 429) + count(all, 'dropped')).toBeGreaterThan(20);
    for (const [route, list] of seen) {
      const entry = got.routes[route];
      expect(entry?.requests).toBe(list.length);
      expect(entry?.rateLimited).toBe(count(list, 429));
      expect(entry?.faults.serverErrors ?? 0).toBe(count(list, 503));
      expect(entry?.faults.dropConnection ?? 0).toBe(count(list, 'dropped'));
    }
    // The report is also what the running simulator hands its command.
    expect(sim.faultReport()).toEqual(got);
  });

  it('counts the 429s of each budget separately', async () => {
    // Budgets are per wall-clock minute: start well inside one so the requests share it.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 8000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    const sim = await start({ tickets: 50, rateLimit: { perMinute: 6, exportsPerMinute: 2 } });
    opened.push(sim);
    const exportPath = `/api/v2/incremental/tickets/cursor.json?start_time=${WINDOW_START / 1000}`;
    const statuses = [];
    for (let k = 0; k < 4; k += 1) statuses.push((await get(sim, exportPath)).status);
    for (let k = 0; k < 4; k += 1)
      statuses.push((await get(sim, '/api/v2/ticket_fields.json')).status);
    const got = await report(sim);
    expect(got.rateLimited.total).toBe(statuses.filter((s) => s === 429).length);
    expect(got.rateLimited.total).toBe(got.rateLimited.budget + got.rateLimited.exportsBudget);
    expect(got.routes['GET /api/v2/incremental/tickets/cursor.json']?.rateLimited).toBe(
      statuses.slice(0, 4).filter((s) => s === 429).length,
    );
    expect(got.rateLimited).toEqual({ total: 4, budget: 2, exportsBudget: 2, storm: 0 });
    // Up to 8 s waiting for the next minute, past vitest's 5 s default in one start of 7.5.
  }, 30_000);

  it('counts the record and page faults served, as the client can tell them apart', async () => {
    const sim = await start({
      tickets: 300,
      faults: {
        malformedRecords: { probability: 0.03 },
        schemaDrift: { probability: 0.03 },
        duplicateEvents: { probability: 0.5 },
      },
    });
    opened.push(sim);
    let malformed = 0;
    let drifted = 0;
    let duplicatePages = 0;
    let path = `/api/v2/incremental/tickets/cursor.json?start_time=${WINDOW_START / 1000}&per_page=100`;
    for (;;) {
      const { body } = await get(sim, path);
      for (const t of body['tickets'] as Record<string, unknown>[]) {
        if (t['created_at'] === 'yesterday') malformed += 1;
        else if ('createdAt' in t) drifted += 1;
      }
      if (body['end_of_stream'] === true) break;
      path = `/api/v2/incremental/tickets/cursor.json?cursor=${String(body['after_cursor'])}&per_page=100`;
    }
    let startTime = WINDOW_START / 1000;
    for (;;) {
      const { body } = await get(
        sim,
        `/api/v2/incremental/ticket_events.json?start_time=${startTime}&per_page=200`,
      );
      const events = body['ticket_events'] as Record<string, unknown>[];
      for (const e of events) {
        if (e['ticket_id'] === null) malformed += 1;
        else if ('ticketId' in e) drifted += 1;
      }
      // A repeated update from before the page's start is the fault; boundary repeats are not.
      const times = events.map((e) => e['timestamp']).filter((t) => typeof t === 'number');
      if (times.some((t) => t < startTime)) duplicatePages += 1;
      if (body['end_of_stream'] === true) break;
      startTime = body['end_time'] as number;
    }
    const got = await report(sim);
    expect(malformed).toBeGreaterThan(0);
    expect(drifted).toBeGreaterThan(0);
    expect(duplicatePages).toBeGreaterThan(0);
    expect(got.faults.malformedRecords).toBe(malformed);
    expect(got.faults.schemaDrift).toBe(drifted);
    expect(got.faults.duplicateEvents).toBe(duplicatePages);
    expect(got.faults.outOfOrderEvents).toBe(0);
  });
});

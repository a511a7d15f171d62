import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { WINDOW_END, WINDOW_START, get, start } from './helpers.js';

const MB = 1024 * 1024;

describe('simulator at a million tickets', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start({ tickets: 1_000_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves first and last pages quickly in little memory', { timeout: 20_000 }, async () => {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const began = performance.now();
    const lastHour = (WINDOW_END - 3_600_000) / 1000;
    const paths = [
      `/api/v2/incremental/tickets/cursor.json?start_time=${WINDOW_START / 1000}&include=metric_sets`,
      `/api/v2/incremental/tickets/cursor.json?start_time=${lastHour}&include=metric_sets`,
      `/api/v2/incremental/ticket_events.json?start_time=${WINDOW_START / 1000}&include=comment_events`,
      `/api/v2/incremental/ticket_events.json?start_time=${lastHour}&include=comment_events`,
      '/api/v2/tickets/1000000/audits.json',
      `/api/v2/incremental/users/cursor.json?start_time=0`,
    ];
    for (const path of paths) {
      const { status, body } = await get(sim, path);
      expect(status).toBe(200);
      expect(JSON.stringify(body).length).toBeGreaterThan(100);
    }
    const last = await get(sim, `/api/v2/incremental/tickets/cursor.json?start_time=${lastHour}`);
    const ids = (last.body['tickets'] as { id: number }[]).map((t) => t.id);
    expect(ids.at(-1)).toBe(1_000_000);
    expect(last.body['end_of_stream']).toBe(true);
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { NOW, WINDOW_END, WINDOW_START, get, pageEvents, pageTickets, start } from './helpers.js';

const startTime = WINDOW_START / 1000;
const opened: RunningSimulator[] = [];
async function open(...args: Parameters<typeof start>): Promise<RunningSimulator> {
  const sim = await start(...args);
  opened.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

describe('simulator exports', () => {
  it('serves the same payloads for the same seed and different ones for another seed', async () => {
    const paths = [
      `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}&include=metric_sets&per_page=50`,
      `/api/v2/incremental/ticket_events.json?start_time=${startTime}&include=comment_events&per_page=100`,
      '/api/v2/tickets/7/audits.json',
    ];
    const [a, b, c] = await Promise.all([open(), open(), open({ seed: 43 })]);
    for (const path of paths) {
      const [x, y, z] = await Promise.all([get(a, path), get(b, path), get(c, path)]);
      expect(x.status).toBe(200);
      expect(JSON.stringify(y.body).replaceAll(b.url, a.url)).toEqual(JSON.stringify(x.body));
      expect(JSON.stringify(z.body)).not.toEqual(JSON.stringify(x.body).replaceAll(a.url, c.url));
    }
  });

  it('pages the tickets export to end_of_stream over exactly N tickets, matching the truth', async () => {
    const sim = await open({ tickets: 1500 });
    const tickets = await pageTickets(
      sim,
      `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}&per_page=400`,
    );
    const ids = tickets.map((t) => t['id']);
    expect(new Set(ids).size).toBe(1500);
    expect(ids).toEqual(Array.from({ length: 1500 }, (_, k) => k + 1));
    const summary = (await get(sim, '/__truth/summary')).body;
    expect(summary['tickets']).toBe(tickets.length);
    expect(tickets.filter((t) => t['status'] === 'deleted').length).toBe(summary['deleted']);
    expect(summary['deleted']).toBeGreaterThan(0);
    const kept = await pageTickets(
      sim,
      `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}&per_page=1000&exclude_deleted=true`,
    );
    expect(kept.length).toBe(1500 - (summary['deleted'] as number));
  });

  it('sideloads metric_sets and serves the ground truth as NDJSON', async () => {
    const sim = await open({ tickets: 30 });
    const page = (
      await get(
        sim,
        `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}&include=metric_sets`,
      )
    ).body;
    expect((page['metric_sets'] as unknown[]).length).toBe(30);
    expect(page['end_of_stream']).toBe(true);
    const text = await (await fetch(`${sim.url}/__truth/tickets.ndjson`)).text();
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { ticket: { id: string }; events: { id: string }[] });
    expect(lines.map((l) => l.ticket.id)).toEqual(
      (page['tickets'] as { id: number }[]).map((t) => String(t.id)),
    );
    const truth = sim.dataset.truth(0);
    expect(truth.events[0]).toMatchObject({ type: 'status_change', from: null });
    expect(truth.events.some((e) => e.type === 'comment' && e.isCreating)).toBe(true);
  });

  it('serves every update once per event id through the time-based events export', async () => {
    const sim = await open({ tickets: 800 });
    const events = await pageEvents(sim, startTime, 300);
    const ids = new Set(events.map((e) => e['id']));
    let expected = 0;
    for (let i = 0; i < 800; i += 1) expected += sim.dataset.ticket(i).sim.updates.length;
    expect(ids.size).toBe(expected);
    const times = events.map((e) => e['timestamp'] as number);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const change = events
      .flatMap((e) => e['child_events'] as Record<string, unknown>[])
      .find((c) => c['event_type'] === 'Change' && 'status' in c);
    expect(change).toHaveProperty('previous_value');
  });

  it('leaves out what changed in the last minute and refuses a too recent start_time', async () => {
    const probe = await open({ tickets: 100 });
    const lastUpdatedAt = probe.dataset.positionUpdatedAt(99);
    const sim = await open({ tickets: 100, now: () => lastUpdatedAt + 30_000 });
    const tickets = await pageTickets(
      sim,
      `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}`,
    );
    expect(tickets.map((t) => t['id'])).not.toContain(100);
    expect(
      tickets.every((t) => Date.parse(String(t['updated_at'])) <= lastUpdatedAt - 30_000),
    ).toBe(true);
    const recent = Math.floor((lastUpdatedAt + 30_000) / 1000) - 30;
    expect(
      (await get(sim, `/api/v2/incremental/ticket_events.json?start_time=${recent}`)).status,
    ).toBe(400);
  });

  it('serves the reads: users, organisations, schedules, holidays, ratings, fields, one ticket', async () => {
    const sim = await open({ tickets: 300 });
    const users = (await get(sim, '/api/v2/incremental/users/cursor.json?start_time=0')).body;
    expect((users['users'] as unknown[]).length).toBe(20 + 60);
    const orgs = (await get(sim, '/api/v2/incremental/organizations.json?start_time=0')).body;
    expect(orgs['end_of_stream']).toBe(true);
    const many = (await get(sim, '/api/v2/users/show_many.json?ids=1001,200001,5')).body;
    expect((many['users'] as { role: string }[]).map((u) => u.role)).toEqual(['admin', 'end-user']);
    const schedules = (await get(sim, '/api/v2/business_hours/schedules.json')).body[
      'schedules'
    ] as { id: number; time_zone: string }[];
    expect(schedules.map((s) => s.time_zone)).toEqual(['Eastern Time (US & Canada)', 'London']);
    const policies = (await get(sim, '/api/v2/slas/policies.json')).body['sla_policies'];
    expect((policies as { title: string }[]).map((p) => p.title)).toEqual([
      'Incidents by email',
      'Standard support',
    ]);
    const holidays = (
      await get(sim, `/api/v2/business_hours/schedules/${schedules[0]?.id ?? 0}/holidays.json`)
    ).body;
    expect(JSON.stringify(holidays)).toContain('2024-12-25');
    const fields = JSON.stringify((await get(sim, '/api/v2/ticket_fields.json')).body);
    expect(fields).toContain('Total time spent (sec)');
    expect(fields).toContain('Customer effort (CES)');
    let ratings = 0;
    let next: string | null = '/api/v2/satisfaction_ratings.json?start_time=0&page[size]=100';
    while (next !== null) {
      const body: Record<string, unknown> = (await get(sim, next)).body;
      ratings += (body['satisfaction_ratings'] as unknown[]).length;
      next = (body['links'] as { next: string | null }).next;
    }
    expect(ratings).toBeGreaterThan(50);
    expect((await get(sim, '/api/v2/tickets/3.json')).body['ticket']).toMatchObject({ id: 3 });
    expect((await get(sim, '/api/v2/tickets/99999.json')).status).toBe(404);
    expect(NOW).toBeGreaterThan(WINDOW_END);
  });

  it('records write-back requests', async () => {
    const sim = await open();
    const headers = {
      authorization: `Bearer ${sim.credentials.oauthToken}`,
      'content-type': 'application/json',
    };
    const created = await fetch(`${sim.url}/api/v2/user_fields.json`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        user_field: { key: 'deskpulse_effort', title: 'Effort', type: 'integer', description: 'x' },
      }),
    });
    expect(created.status).toBe(201);
    const put = await fetch(`${sim.url}/api/v2/users/200001.json`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ user: { user_fields: { deskpulse_effort: 42 } } }),
    });
    expect(put.status).toBe(200);
    const notify = await fetch(`${sim.url}/api/v2/apps/notify.json`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ app_id: 1, event: 'x', body: {} }),
    });
    expect(notify.status).toBe(200);
    const many = (users: unknown) =>
      fetch(`${sim.url}/api/v2/users/update_many.json`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ users }),
      });
    const bulk = await many([{ id: 200001, user_fields: { deskpulse_effort: 7 } }]);
    expect(((await bulk.json()) as { job_status: { status: string } }).job_status.status).toBe(
      'completed',
    );
    expect((await many([])).status).toBe(400);
    const writes = (await (await fetch(`${sim.url}/__writes`)).json()) as {
      writes: { path: string }[];
    };
    expect(writes.writes.map((w) => w.path)).toEqual([
      '/api/v2/user_fields.json',
      '/api/v2/users/200001.json',
      '/api/v2/apps/notify.json',
      '/api/v2/users/update_many.json',
      '/api/v2/users/update_many.json',
    ]);
  });
});

import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src/simulator/index.js';

/** The default data window ends here; the simulated clock sits a day later unless a test says otherwise. */
export const WINDOW_START = Date.UTC(2024, 0, 1);
export const WINDOW_END = Date.UTC(2025, 0, 1);
export const NOW = WINDOW_END + 86_400_000;

/** Starts a simulator with a fixed clock and no rate limit unless overridden. */
export function start(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({
    tickets: 200,
    seed: 42,
    start: WINDOW_START,
    end: WINDOW_END,
    now: () => NOW,
    rateLimit: 'off',
    ...options,
  });
}

/** Basic auth header for the simulator's credentials. */
export function basicAuth(sim: RunningSimulator): string {
  const { email, token } = sim.credentials;
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

/** GET with the simulator's credentials; returns status, headers and parsed JSON (or text). */
export async function get(
  sim: RunningSimulator,
  pathOrUrl: string,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.url}${pathOrUrl}`;
  const response = await fetch(url, { headers: { authorization: basicAuth(sim) } });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

/** Retries a GET through transport faults (5xx, 429, dropped connections) until it answers 200. */
export async function getWithRetry(
  sim: RunningSimulator,
  path: string,
  attempts = 50,
): Promise<{ body: Record<string, unknown>; failures: string[] }> {
  const failures: string[] = [];
  for (let k = 0; k < attempts; k += 1) {
    try {
      const response = await get(sim, path);
      if (response.status === 200) return { body: response.body, failures };
      failures.push(String(response.status));
    } catch {
      failures.push('dropped');
    }
  }
  throw new Error(`no success after ${attempts} attempts: ${failures.join(',')}`);
}

/** Pages the tickets cursor export to end_of_stream; returns the ticket payloads. */
export async function pageTickets(
  sim: RunningSimulator,
  first: string,
): Promise<Record<string, unknown>[]> {
  const tickets: Record<string, unknown>[] = [];
  let path = first;
  for (let page = 0; page < 10_000; page += 1) {
    const { body } = await getWithRetry(sim, path);
    tickets.push(...(body['tickets'] as Record<string, unknown>[]));
    if (body['end_of_stream'] === true) return tickets;
    // Continue with the same options, the cursor replacing start_time.
    const params = new URL(`http://x${first}`).searchParams;
    params.delete('start_time');
    params.set('cursor', String(body['after_cursor']));
    path = `/api/v2/incremental/tickets/cursor.json?${params.toString()}`;
  }
  throw new Error('tickets export did not end');
}

/** Pages the ticket-events export to end_of_stream; returns the events (duplicates kept). */
export async function pageEvents(
  sim: RunningSimulator,
  startTime: number,
  perPage = 1000,
): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = [];
  let startSeconds = startTime;
  for (let page = 0; page < 10_000; page += 1) {
    const { body } = await getWithRetry(
      sim,
      `/api/v2/incremental/ticket_events.json?start_time=${startSeconds}&include=comment_events&per_page=${perPage}`,
    );
    events.push(...(body['ticket_events'] as Record<string, unknown>[]));
    if (body['end_of_stream'] === true) return events;
    startSeconds = body['end_time'] as number;
  }
  throw new Error('ticket events export did not end');
}

import { describe, expect, expectTypeOf, it } from 'vitest';
import { main } from '../../../src/cli.js';
import type { FaultKind, SimulatorFaults } from '../../../src/simulator/index.js';

// The CLI's data window starts here (its default); the clock is the wall clock.
const START_SECONDS = Date.UTC(2024, 0, 1) / 1000;
const MID_SECONDS = START_SECONDS + 180 * 86_400;

/** The option that serves each fault kind; the type fails to compile when a kind is added without one. */
const FLAG_OF: Record<FaultKind, string> = {
  rateLimitStorm: '--fault-rate-limit-storm',
  serverErrors: '--fault-server-errors',
  dropConnection: '--fault-drop-connection',
  slowResponseMs: '--fault-slow-responses',
  duplicateEvents: '--fault-duplicate-events',
  outOfOrderEvents: '--fault-out-of-order-events',
  malformedRecords: '--fault-malformed-records',
  schemaDrift: '--fault-schema-drift',
};

interface Cli {
  url: string;
  auth: string;
  /** Sends SIGTERM as the terminal would, and resolves with the exit code and output. */
  stop: () => Promise<{ code: number; out: string }>;
}

/** Runs `deskpulse simulator …args` in-process until `stop`. */
async function simulator(args: string[]): Promise<Cli> {
  let out = '';
  const io = {
    stdout: (text: string) => (out += text),
    stderr: (text: string) => (out += text),
    clock: () => Date.now(),
  };
  const running = main(['simulator', '--tickets', '200', '--seed', '42', ...args], io);
  await expect.poll(() => out).toContain('Press Ctrl+C');
  const { email, token } = { email: 'admin@simulator.zendesk.test', token: 'simulator-api-token' };
  return {
    url: /listening on (\S+)/.exec(out)?.[1] ?? '',
    auth: `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`,
    stop: async () => {
      // No real signal: the command listens on the process object, so emitting reaches it alone.
      process.emit('SIGTERM');
      const code = await running;
      return { code, out };
    },
  };
}

async function fail(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: () => undefined, stderr: (t: string) => (out += t), clock: () => 0 };
  return { code: await main(['simulator', ...args], io), out };
}

async function getJson(cli: Cli, path: string) {
  const began = performance.now();
  const response = await fetch(`${cli.url}${path}`, { headers: { authorization: cli.auth } });
  const text = await response.text();
  const body = (text.startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown>;
  return {
    status: response.status,
    headers: response.headers,
    body,
    ms: performance.now() - began,
  };
}

/** Budgets are per wall-clock minute: start well inside one so a test's requests share it. */
const MINUTE_EDGE_MS = 8000;
async function awayFromMinuteEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < MINUTE_EDGE_MS) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** The wait for the next minute comes on top of the test's own work, so the default 5 s is too short. */
const BUDGET_TEST_TIMEOUT_MS = MINUTE_EDGE_MS + 15_000;

const eventsPath = (startSeconds: number) =>
  `/api/v2/incremental/ticket_events.json?start_time=${startSeconds}&per_page=100`;
const ticketsPath = `/api/v2/incremental/tickets/cursor.json?start_time=${START_SECONDS}&per_page=100`;

describe('deskpulse simulator: fault and rate-limit options', () => {
  it('has an option with help text for every fault kind and for the rate-limit budget', async () => {
    expectTypeOf<FaultKind>().toEqualTypeOf<keyof SimulatorFaults>();
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => undefined, clock: () => 0 };
    expect(await main(['simulator', '--help'], io)).toBe(0);
    for (const flag of [
      ...Object.values(FLAG_OF),
      '--fault-server-error-status',
      '--fault-storm-retry-after',
      '--fault-slow-ms',
      '--rate-limit',
      '--rate-limit-per-minute',
      '--rate-limit-exports-per-minute',
      '--rate-limit-retry-after',
    ]) {
      // Each flag is followed by its argument and a description on the same line.
      expect(out).toMatch(new RegExp(`${flag} <[^>]+>\\s+\\w`));
    }
    expect(out).toContain('Faults (a probability p from 0 to 1');
    expect(out).toContain('update-ticket');
  });

  it.each([
    [['--fault-server-errors', '1.5'], 'expected a probability from 0 to 1'],
    [['--fault-drop-connection', 'often'], 'expected a probability from 0 to 1'],
    [['--fault-schema-drift', '-0.1'], 'expected a probability from 0 to 1'],
    [['--fault-server-errors', '1', '--fault-server-error-status', '404'], 'from 500 to 599'],
    [['--fault-slow-responses', '1', '--fault-slow-ms', '0'], 'positive whole number'],
    [['--rate-limit-per-minute', '2.5'], 'positive whole number'],
    [['--rate-limit', 'sometimes'], 'Allowed choices are off, default'],
    [
      ['--fault-server-error-status', '502'],
      '--fault-server-error-status needs --fault-server-errors',
    ],
    [['--fault-slow-ms', '50'], '--fault-slow-ms needs --fault-slow-responses'],
    [
      ['--fault-storm-retry-after', '3'],
      '--fault-storm-retry-after needs --fault-rate-limit-storm',
    ],
    [
      ['--rate-limit', 'off', '--rate-limit-per-minute', '5'],
      '--rate-limit-per-minute needs rate limiting on',
    ],
  ])('rejects %j with exit 2 and a clear message', async (args, message) => {
    const { code, out } = await fail(args);
    expect(code).toBe(2);
    expect(out).toContain(message);
  });

  it('--fault-server-errors with --fault-server-error-status answers that status', async () => {
    const cli = await simulator([
      '--rate-limit',
      'off',
      '--fault-server-errors',
      '1',
      '--fault-server-error-status',
      '502',
    ]);
    const answer = await getJson(cli, '/api/v2/ticket_fields.json');
    expect(answer.status).toBe(502);
    const { code, out } = await cli.stop();
    expect(code).toBe(0);
    expect(out).toContain('serverErrors: 1');
    expect(out).toContain('GET /api/v2/ticket_fields.json: 1 requests; serverErrors 1');
  });

  it('--fault-drop-connection drops the connection', async () => {
    const cli = await simulator(['--rate-limit', 'off', '--fault-drop-connection', '1']);
    await expect(getJson(cli, '/api/v2/ticket_fields.json')).rejects.toThrow();
    expect((await cli.stop()).out).toContain('dropConnection: 1');
  });

  it('--fault-rate-limit-storm answers 429 with --fault-storm-retry-after', async () => {
    const cli = await simulator([
      '--rate-limit',
      'off',
      '--fault-rate-limit-storm',
      '1',
      '--fault-storm-retry-after',
      '7',
    ]);
    const answer = await getJson(cli, '/api/v2/ticket_fields.json');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect((await cli.stop()).out).toContain('429s: 1 (budget 0, export budget 0, storm 1)');
  });

  it('--fault-slow-responses delays the answer by --fault-slow-ms', async () => {
    const cli = await simulator([
      '--rate-limit',
      'off',
      '--fault-slow-responses',
      '1',
      '--fault-slow-ms',
      '300',
    ]);
    const answer = await getJson(cli, '/api/v2/ticket_fields.json');
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeGreaterThanOrEqual(290);
    expect((await cli.stop()).out).toContain('slowResponseMs: 1');
  });

  it('--fault-duplicate-events serves an update from before the page again', async () => {
    const cli = await simulator(['--rate-limit', 'off', '--fault-duplicate-events', '1']);
    const page = await getJson(cli, eventsPath(MID_SECONDS));
    const times = (page.body['ticket_events'] as { timestamp: number }[]).map((e) => e.timestamp);
    expect(times.filter((t) => t < MID_SECONDS)).toHaveLength(1);
    expect((await cli.stop()).out).toContain('duplicateEvents: 1');
  });

  it('--fault-out-of-order-events shuffles an events page', async () => {
    const cli = await simulator(['--rate-limit', 'off', '--fault-out-of-order-events', '1']);
    const page = await getJson(cli, eventsPath(MID_SECONDS));
    const times = (page.body['ticket_events'] as { timestamp: number }[]).map((e) => e.timestamp);
    expect(times.length).toBeGreaterThan(10);
    expect(times).not.toEqual([...times].sort((a, b) => a - b));
    expect((await cli.stop()).out).toContain('outOfOrderEvents: 1');
  });

  it('--fault-malformed-records serves malformed tickets, listed in the expected quarantine', async () => {
    const cli = await simulator(['--rate-limit', 'off', '--fault-malformed-records', '0.1']);
    const page = await getJson(cli, ticketsPath);
    const tickets = page.body['tickets'] as Record<string, unknown>[];
    const bad = tickets.filter((t) => t['created_at'] === 'yesterday').map((t) => String(t['id']));
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.length).toBeLessThan(tickets.length);
    const truth = (await (await fetch(`${cli.url}/__truth/quarantine`)).json()) as {
      expectedQuarantine: { stream: string; sourceId: string }[];
    };
    const expected = truth.expectedQuarantine.filter((q) => q.stream === 'tickets');
    const served = new Set(tickets.map((t) => String(t['id'])));
    expect(expected.filter((q) => served.has(q.sourceId)).map((q) => q.sourceId)).toEqual(bad);
    expect((await cli.stop()).out).toContain(`malformedRecords: ${bad.length}`);
  });

  it('--fault-schema-drift serves tickets with a drifted schema', async () => {
    const cli = await simulator(['--rate-limit', 'off', '--fault-schema-drift', '1']);
    const page = await getJson(cli, ticketsPath);
    const tickets = page.body['tickets'] as Record<string, unknown>[];
    expect(tickets.length).toBe(100);
    expect(tickets.every((t) => 'createdAt' in t && typeof t['status'] === 'number')).toBe(true);
    expect((await cli.stop()).out).toContain('schemaDrift: 100');
  });

  it(
    '--rate-limit-per-minute and --rate-limit-retry-after set the budget and its 429',
    async () => {
      await awayFromMinuteEdge();
      const cli = await simulator([
        '--rate-limit-per-minute',
        '2',
        '--rate-limit-retry-after',
        '9',
      ]);
      expect((await getJson(cli, '/api/v2/ticket_fields.json')).status).toBe(200);
      const second = await getJson(cli, '/api/v2/ticket_fields.json');
      expect(second.headers.get('x-rate-limit')).toBe('2');
      const over = await getJson(cli, '/api/v2/ticket_fields.json');
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('9');
      expect((await cli.stop()).out).toContain('429s: 1 (budget 1, export budget 0, storm 0)');
    },
    BUDGET_TEST_TIMEOUT_MS,
  );

  it(
    '--rate-limit-exports-per-minute limits the incremental exports on their own',
    async () => {
      await awayFromMinuteEdge();
      const cli = await simulator(['--rate-limit-exports-per-minute', '1']);
      expect((await getJson(cli, ticketsPath)).status).toBe(200);
      const over = await getJson(cli, ticketsPath);
      expect(over.status).toBe(429);
      expect(over.body['error']).toBe('APIRateLimitExceeded');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await getJson(cli, '/api/v2/ticket_fields.json')).status).toBe(200);
      expect((await cli.stop()).out).toContain('429s: 1 (budget 0, export budget 1, storm 0)');
    },
    BUDGET_TEST_TIMEOUT_MS,
  );

  it('--rate-limit off never answers 429', async () => {
    const cli = await simulator(['--rate-limit', 'off']);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => getJson(cli, '/api/v2/ticket_fields.json')),
    );
    expect(answers.every((a) => a.status === 200 && a.headers.get('x-rate-limit') === null)).toBe(
      true,
    );
    expect((await cli.stop()).out).toContain('Faults served over 30 API requests');
  });
});

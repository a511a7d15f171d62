import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const example = fileURLToPath(new URL('../../fixtures/example-export', import.meta.url));
const fields = ['--time-field', '360000001', '--ces-field', '360000002'];

interface Row {
  id: string;
  status: string;
  firstReplyMinutes: { calendar: number | null; business: number | null };
  fullResolutionMinutes: { calendar: number | null; business: number | null };
  reopens: number;
  touch: string | null;
  handleTimeSeconds: number | null;
  csat: string | null;
  ces: number | null;
  effort: { score: number; reasons: string[] };
}

async function analyzeExample(...extra: string[]) {
  const result = await runCli(['analyze', example, ...fields, ...extra]);
  return {
    ...result,
    json:
      result.code === 0 && !extra.includes('csv')
        ? (JSON.parse(result.stdout) as { tickets: Row[]; summary: Record<string, unknown> })
        : null,
  };
}

/** A copy of the example folder with one file replaced. */
async function exampleWith(file: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deskpulse-analyze-'));
  for (const name of [
    'tickets.json',
    'audits.json',
    'users.json',
    'schedules.json',
    'satisfaction_ratings.json',
  ]) {
    await writeFile(
      join(dir, name),
      name === file ? content : await readFile(join(example, name), 'utf8'),
    );
  }
  return dir;
}

describe('deskpulse analyze on the example export', () => {
  it('reproduces the worked examples per ticket', async () => {
    const { code, json } = await analyzeExample();
    expect(code).toBe(0);
    const byId = new Map(json?.tickets.map((t) => [t.id, t]));
    expect(byId.get('101')?.firstReplyMinutes).toEqual({ calendar: 1065, business: 105 });
    expect(byId.get('102')).toMatchObject({
      status: 'closed',
      reopens: 1,
      touch: 'multi_touch',
      csat: 'good',
    });
    expect(byId.get('102')?.fullResolutionMinutes.calendar).toBe(1620);
    expect(byId.get('103')?.fullResolutionMinutes).toEqual({ calendar: 3900, business: 120 });
    expect(byId.get('104')?.firstReplyMinutes.calendar).toBe(150);
    expect(byId.get('105')).toMatchObject({ handleTimeSeconds: 1200, ces: 6, touch: 'two_touch' });
    expect(byId.get('106')).toMatchObject({
      status: 'new',
      touch: null,
      firstReplyMinutes: { calendar: null, business: null },
    });
    expect(byId.get('102')?.effort.reasons).toContain('Reopened 1 time');
  });

  it('summarises with n, medians and rates', async () => {
    const { json } = await analyzeExample();
    expect(json?.summary).toMatchObject({
      ticketCount: 6,
      solvedCount: 5,
      reopenRate: 0.2,
      oneTouchRate: 0.6,
      aht: { n: 1, meanSeconds: 1200, medianSeconds: 1200, coverage: 0.2 },
      ces: { n: 1, mean: 6, pctEasy: 100 },
      csat: { n: 3, responseRate: 0.75 },
      firstReplyMinutes: { calendar: { n: 5, median: 150 } },
    });
  });

  it("accepts Zendesk's own time-zone names, as the schedules API returns them", async () => {
    const schedules = await readFile(join(example, 'schedules.json'), 'utf8');
    const rails = schedules.replace('"America/New_York"', '"Eastern Time (US & Canada)"');
    expect(rails).not.toBe(schedules);
    const dir = await exampleWith('schedules.json', rails);
    const { code, stdout } = await runCli(['analyze', dir, ...fields]);
    expect(code).toBe(0);
    // The same business values as with the IANA name (worked example 101: 105 business minutes).
    const tickets = (JSON.parse(stdout) as { tickets: Row[] }).tickets;
    expect(tickets.find((t) => t.id === '101')?.firstReplyMinutes).toEqual({
      calendar: 1065,
      business: 105,
    });
    const unknown = await exampleWith(
      'schedules.json',
      schedules.replace('"America/New_York"', '"Atlantis"'),
    );
    const refused = await runCli(['analyze', unknown, ...fields]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('not IANA')]);
  });

  it('--schedule none leaves business values null', async () => {
    const { json } = await analyzeExample('--schedule', 'none');
    expect(json?.tickets[0]?.firstReplyMinutes).toEqual({ calendar: 1065, business: null });
  });

  it('writes CSV with one row per ticket and neutralised formula cells', async () => {
    const { code, stdout } = await runCli(['analyze', example, ...fields, '--format', 'csv']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^id,status,firstReplyMinutes\.calendar,firstReplyMinutes\.business,/);
    expect(lines[1]).toMatch(/^101,solved,1065,105,/);
  });
});

describe('bad input', () => {
  it.each([
    ['a missing folder', ['analyze', '/nonexistent/deskpulse'], /tickets\.json: file not found/],
    [
      'an unknown schedule',
      ['analyze', example, '--schedule', '42'],
      /--schedule 42: no schedule with that id/,
    ],
    [
      'a bad --now',
      ['analyze', example, '--now', 'yesterday'],
      /--now yesterday: not an ISO-8601 instant/,
    ],
  ])('%s exits 1 with a clear message', async (_name, args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('an unknown format is a usage error (exit 2)', async () => {
    const { code, stderr } = await runCli(['analyze', example, '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are json, csv/);
  });

  it('invalid JSON names the file', async () => {
    const dir = await exampleWith('users.json', '{"users": [');
    const { code, stderr } = await runCli(['analyze', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/users\.json: invalid JSON/);
  });

  it('a file without its envelope names the expected key', async () => {
    const dir = await exampleWith('tickets.json', '[]');
    const { code, stderr } = await runCli(['analyze', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/tickets\.json: expected an object with a "tickets" array/);
  });

  describe('a malformed record', () => {
    const badTickets = async () => {
      const tickets = JSON.parse(await readFile(join(example, 'tickets.json'), 'utf8')) as {
        tickets: Record<string, unknown>[];
      };
      tickets.tickets.push({ id: 999, status: 'open' });
      return exampleWith('tickets.json', JSON.stringify(tickets));
    };

    it('fails the run naming file, record and field', async () => {
      const { code, stdout, stderr } = await runCli(['analyze', await badTickets()]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/tickets\.json record #6 \(id 999\): .*created_at/);
      expect(stderr).toMatch(/--lenient/);
    });

    it('with --lenient is skipped, reported, and the rest analysed', async () => {
      const { code, stdout, stderr } = await runCli([
        'analyze',
        await badTickets(),
        '--lenient',
        '--now',
        '2024-04-01T00:00:00Z',
      ]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/skipped 1 invalid record/);
      const out = JSON.parse(stdout) as {
        tickets: unknown[];
        quarantined: { file: string; id: string }[];
      };
      expect(out.tickets).toHaveLength(6);
      expect(out.quarantined).toEqual([
        expect.objectContaining({ file: 'tickets.json', id: '999' }),
      ]);
    });
  });

  it('a malformed audit event costs only that audit in lenient mode', async () => {
    const audits = JSON.parse(await readFile(join(example, 'audits.json'), 'utf8')) as {
      audits: { ticket_id: number; events: Record<string, unknown>[] }[];
    };
    const last = audits.audits.filter((a) => a.ticket_id === 102).at(-1);
    if (last === undefined) throw new Error('fixture changed');
    last.events = [
      { id: 1, type: 'Change', field_name: 'status', previous_value: 'solved', value: 'banana' },
    ];
    const dir = await exampleWith('audits.json', JSON.stringify(audits));
    const strict = await runCli(['analyze', dir]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/audits\.json record #\d+ \(id \d+\): .*banana/);
    const lenient = await runCli(['analyze', dir, '--lenient']);
    expect(lenient.code).toBe(0);
    const out = JSON.parse(lenient.stdout) as { tickets: Row[] };
    expect(out.tickets.find((t) => t.id === '102')?.reopens).toBe(1);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Payloads shaped by the real services (test-only, read in place from ../shared). */
const real = (path: string) => new URL(`../../../../shared/fixtures/real/${path}`, import.meta.url);

async function folderFromRealFixtures(users: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deskpulse-real-'));
  const copy = async (from: string, to: string) =>
    writeFile(join(dir, to), await readFile(real(from), 'utf8'));
  await copy('airbyte-source-zendesk-support/tickets.json', 'tickets.json');
  const audits = (
    await Promise.all(
      [
        'airbyte-source-zendesk-support/ticket_audits.json',
        'zendesk-openapi/examples/TicketAuditsResponseExample.json',
      ].map(
        async (f) => (JSON.parse(await readFile(real(f), 'utf8')) as { audits: unknown[] }).audits,
      ),
    )
  ).flat();
  await writeFile(join(dir, 'audits.json'), JSON.stringify({ audits }));
  await copy(users, 'users.json');
  await copy('airbyte-source-zendesk-support/schedules.json', 'schedules.json');
  await copy(
    'zendesk-openapi/examples/SatisfactionRatingsResponseExample.json',
    'satisfaction_ratings.json',
  );
  return dir;
}

describe('deskpulse analyze end to end on real-shaped Zendesk payloads', () => {
  it('analyses the Airbyte/OpenAPI export and reconciles the ticket snapshot', async () => {
    const dir = await folderFromRealFixtures('airbyte-source-zendesk-support/users.json');
    const { code, stdout, stderr } = await runCli([
      'analyze',
      dir,
      '--now',
      '2012-01-01T00:00:00Z',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      tickets: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    expect(out.tickets).toEqual([
      expect.objectContaining({
        id: '35436',
        status: 'open',
        reopens: 0,
        touch: null,
        csat: 'good',
        firstReplyMinutes: { calendar: null, business: null },
        fullResolutionMinutes: { calendar: null, business: null },
      }),
    ]);
    expect(out.summary).toMatchObject({
      ticketCount: 1,
      solvedCount: 0,
      reopenRate: null,
      csat: { n: 1, pct: 100 },
    });
    // The comment's author is not in users.json, and an audit belongs to a ticket not exported.
    expect(stderr).toMatch(/missing from users\.json/);
    expect(stderr).toMatch(/1 audit\(s\) belong to tickets missing from tickets\.json/);
  });

  it('rejects the OpenAPI users example (no role) by record, or skips it with --lenient', async () => {
    const dir = await folderFromRealFixtures('zendesk-openapi/examples/UsersResponseExample.json');
    const strict = await runCli(['analyze', dir]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/users\.json record #0 \(id 223443\): role/);
    const lenient = await runCli(['analyze', dir, '--lenient']);
    expect(lenient.code).toBe(0);
    expect((JSON.parse(lenient.stdout) as { quarantined: unknown[] }).quarantined).toHaveLength(2);
  });
});

import { readFile } from 'node:fs/promises';
import type { FrameLocator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { BRANDS } from '../../src/simulator/directory.js';
import { expectedName, type BoardTruth } from './screen-board.js';
import { slaDecisions } from './screen-sla.js';
import { businessSeconds, isSolvedStatus, type TicketFacts } from './screen-truth.js';

/**
 * The CSV the board's "Download CSV" saves, row by row against the truth: which tickets it lists
 * (any KPI event in the range) and each one's dimensions, instants and values on the clock asked.
 */

/** RFC 4180 rows (the export quotes only cells with a comma, quote or line break). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted && c === '"' && text.charAt(i + 1) === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) cell += c;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    }
  }
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}

const iso = (at: number | null) => (at === null ? '' : new Date(at).toISOString());

/** The row the truth gives, except durations (compared to the second apart). */
function expectedRow(f: TicketFacts, truth: BoardTruth) {
  const solved = f.lastSolveAt !== null;
  const touch = !isSolvedStatus(f.status)
    ? ''
    : (['no_touch', 'one_touch', 'two_touch'][f.agentReplies] ?? 'multi_touch');
  const ces = f.answers.filter((a) => a.kind === 'ces').at(-1);
  const nps = f.answers.filter((a) => a.kind === 'nps').at(-1);
  const { start, end, now } = truth.current;
  const sla = slaDecisions(f, truth.slaScheduleOf(f), now).filter(
    (d) => d.at >= start && d.at < end,
  );
  const name = (dim: 'group' | 'agent', id: string | null) =>
    id === null ? '' : expectedName(dim, id);
  return {
    status: f.status,
    created_at: iso(f.createdAt),
    first_reply_at: iso(f.firstReplyAt),
    first_solved_at: iso(f.firstSolveAt),
    last_solved_at: iso(f.lastSolveAt),
    group_id: f.dims.group ?? '',
    assignee_id: f.dims.agent ?? '',
    channel: f.dims.channel ?? '',
    brand_id: f.dims.brand ?? '',
    tags: f.dims.tags.join(' '),
    clock: truth.scheduleOf === null ? 'calendar' : 'business',
    reopens: String(f.reopenTimes.length),
    reopened: solved ? String(Number(f.reopenedWithinWindow)) : '',
    agent_replies: String(f.agentReplies),
    touch,
    one_touch: touch === '' ? '' : String(Number(touch === 'one_touch')),
    handle_time_seconds: f.handleSeconds === null ? '' : String(f.handleSeconds),
    ces: ces === undefined ? '' : String(ces.value),
    nps: nps === undefined ? '' : String(nps.value),
    sla_achieved: String(sla.filter((d) => d.achieved).length),
    sla_breached: String(sla.filter((d) => !d.achieved).length),
    // Names beside the ids: the simulator's groups, agents and brand.
    group_name: name('group', f.dims.group),
    assignee_name: name('agent', f.dims.agent),
    brand_name: BRANDS.find((b) => String(b.id) === f.dims.brand)?.name ?? '',
    interactions: String(f.customerMessages + f.agentReplies),
  };
}

function expectedDurations(f: TicketFacts, truth: BoardTruth): Record<string, number | null> {
  const span = (from: number, to: number | null) =>
    to === null
      ? null
      : truth.scheduleOf === null
        ? (to - from) / 1000
        : businessSeconds(truth.scheduleOf(f), from, to);
  return {
    first_reply_seconds: span(f.createdAt, f.firstReplyAt),
    first_resolution_seconds: span(f.createdAt, f.firstSolveAt),
    full_resolution_seconds: span(f.createdAt, f.lastSolveAt),
    requester_wait_seconds:
      f.lastSolveAt === null ? null : f.waitSpans.reduce((t, [a, b]) => t + (span(a, b) ?? 0), 0),
  };
}

/** Whether any KPI event of the ticket falls in the range, an SLA target's decision included. */
function listed(f: TicketFacts, truth: BoardTruth): boolean {
  const { start, end, now } = truth.current;
  const inRange = (at: number | null) => at !== null && at >= start && at < end;
  return (
    f.status !== 'deleted' &&
    [
      f.createdAt,
      f.firstReplyAt,
      f.firstSolveAt,
      f.lastSolveAt,
      ...f.answers.map((a) => a.at),
      ...slaDecisions(f, truth.slaScheduleOf(f), now).map((d) => d.at),
    ].some(inRange)
  );
}

/** Downloads the board's CSV through the app and compares it; returns the values compared. */
export async function compareCsv(
  page: Page,
  frame: FrameLocator,
  facts: readonly TicketFacts[],
  truth: BoardTruth,
): Promise<number> {
  const download = page.waitForEvent('download');
  // The board's own download (the reasons view has one too).
  await frame.locator('form button.dp-button', { hasText: 'Download CSV' }).click();
  const path = await (await download).path();
  const rows = parseCsv(await readFile(path, 'utf8'));
  const byId = new Map(rows.map((r) => [r['ticket_id'] ?? '', r]));
  let compared = 0;
  const expectedIds = facts.filter((f) => listed(f, truth)).map((f) => f.id);
  expect([...byId.keys()].sort()).toEqual(expectedIds.sort());
  for (const f of facts.filter((x) => listed(x, truth))) {
    const row = byId.get(f.id) ?? {};
    const expected = expectedRow(f, truth);
    for (const [column, value] of Object.entries(expected))
      expect(row[column], `${f.id} ${column}`).toBe(value);
    for (const [column, value] of Object.entries(expectedDurations(f, truth))) {
      const shown = row[column] === '' ? null : Number(row[column]);
      if (value === null) expect(shown, `${f.id} ${column}`).toBeNull();
      else
        expect(Math.abs((shown ?? Infinity) - value), `${f.id} ${column}`).toBeLessThanOrEqual(1);
    }
    const csat = row['csat'] === 'good' || row['csat'] === 'bad' ? row['csat'] : null;
    expect(csat, `${f.id} csat`).toBe(f.rating);
    compared += Object.keys(expected).length + 5;
  }
  return compared;
}

import type { FrameLocator } from 'playwright-core';
import { expect } from 'vitest';
import { AGENT_IDS, GROUPS } from '../../src/simulator/catalog.js';
import { cells, type Cell, type Dimension, type Kpi, type Period } from './screen-expected.js';
import { changeText, headlineText, rowTexts, statsText } from './screen-format.js';
import type { TicketFacts } from './screen-truth.js';
import type { Schedule } from '../../src/domain/index.js';

/** The board's KPIs the test recomputes: every one the board shows. */
export const COMPARED: readonly Kpi[] = [
  'first_resolution',
  'full_resolution',
  'first_reply',
  'requester_wait',
  'reopen_rate',
  'aht',
  'ces',
  'csat',
  'nps',
  'one_touch',
  'sla_attainment',
  'backlog',
  'ticket_volume',
  'resolution_rate',
  'interactions_per_ticket',
];
const isCompared = (kpi: string): kpi is Kpi => (COMPARED as readonly string[]).includes(kpi);

export interface BoardTruth {
  facts: readonly TicketFacts[];
  current: Period;
  previous: Period;
  scheduleOf: ((f: TicketFacts) => Schedule) | null;
  /** Each ticket's own schedule, whatever the board's clock (SLA targets name theirs). */
  slaScheduleOf: (f: TicketFacts) => Schedule;
}

/** The little of a table row the test reads in the page (the test's types have no DOM). */
interface ShownRow {
  getAttribute(name: string): string | null;
  children: ArrayLike<{ innerText: string }> & Iterable<{ innerText: string }>;
}

type Located = ReturnType<FrameLocator['locator']>;

const attributes = async (locator: Located, name: string) =>
  Promise.all((await locator.all()).map((l) => l.getAttribute(name)));

const text = async (locator: Located) =>
  (await locator.count()) === 0 ? null : (await locator.first().innerText()).trim();

/** The slice's label as shown: the group's or agent's name from the helpdesk, never a bare id. */
export function expectSliceLabel(dim: Dimension, id: string, shown: string): void {
  expect(shown, `label of ${dim} ${id}`).toBe(expectedName(dim, id));
}

/** The name the simulator gives a group or agent (its directory and users), as the board shows it. */
export function expectedName(dim: Dimension, id: string): string {
  if (dim === 'group') return GROUPS.find((g) => String(g.id) === id)?.name ?? `#${id}`;
  // The simulator names agents by their position: the first agent id is "Agent 1".
  const position = AGENT_IDS.findIndex((a) => String(a) === id);
  return position < 0 ? `#${id}` : `Agent ${String(position + 1)}`;
}

/** Compares every tile of the unsliced board; returns how many values it compared. */
export async function compareTiles(frame: FrameLocator, truth: BoardTruth): Promise<number> {
  let compared = 0;
  const tiles = frame.locator('.dp-tiles button.dp-tile');
  const shownKpis = await attributes(tiles, 'data-kpi');
  // Every KPI the truth knows has its tile: a missing one would otherwise go unnoticed.
  expect(shownKpis).toEqual(expect.arrayContaining([...COMPARED]));
  for (const kpi of shownKpis) {
    if (kpi === null || !isCompared(kpi)) continue;
    const tile = frame.locator(`.dp-tile[data-kpi="${kpi}"]`);
    const cell = expectedCell(kpi, truth, '', 'none');
    if (cell.current.n === 0) {
      expect(await text(tile.locator('.dp-no-data')), kpi).toBe('No data');
      compared += 1;
      continue;
    }
    const shown = [
      await text(tile.locator('.dp-tile-value')),
      await text(tile.locator('.dp-tile-stats')),
      await text(tile.locator('.dp-change')),
    ];
    expect(shown, `tile ${kpi}`).toEqual([
      headlineText(kpi, cell.current),
      statsText(kpi, cell.current),
      changeText(kpi, cell.current, cell.previous),
    ]);
    compared += 3;
  }
  return compared;
}

/** Compares every row of every slice table; returns how many values it compared. */
export async function compareSliceTables(
  frame: FrameLocator,
  truth: BoardTruth,
  dim: Dimension,
): Promise<number> {
  let compared = 0;
  const sections = frame.locator('.dp-slices section[data-kpi]');
  const shownKpis = await attributes(sections, 'data-kpi');
  expect(shownKpis).toEqual(expect.arrayContaining([...COMPARED]));
  for (const kpi of shownKpis) {
    if (kpi === null || !isCompared(kpi)) continue;
    // One round trip per table: the rows' slice ids and cell texts.
    const rows = await frame
      .locator(`.dp-slices section[data-kpi="${kpi}"] tbody tr`)
      .evaluateAll((trs) =>
        (trs as unknown as ShownRow[]).map((tr) => ({
          id: tr.getAttribute('data-slice') ?? '',
          cells: [...tr.children].map((c) => c.innerText.trim()),
        })),
      );
    const now = cellsOf(kpi, truth, dim, truth.current);
    // Every slice with something counted has its row (backlog: a ticket at some day's end).
    for (const [key, cell] of now)
      if (cell.n > 0 && (kpi !== 'backlog' || (cell.mean ?? 0) > 0))
        expect(
          rows.map((r) => r.id),
          `${kpi} by ${dim}: row ${key}`,
        ).toContain(key);
    for (const row of rows) {
      const cell = expectedCell(kpi, truth, row.id, dim);
      const [label = '', ...values] = row.cells;
      expectSliceLabel(dim, row.id, label);
      expect(values, `${kpi} by ${dim}, ${row.id}`).toEqual(
        rowTexts(kpi, cell.current, cell.previous),
      );
      compared += row.cells.length;
    }
  }
  return compared;
}

const memo = new WeakMap<BoardTruth, Map<string, Map<string, Cell>>>();

/** A KPI's cells per slice in one period, computed once per board truth. */
function cellsOf(kpi: Kpi, truth: BoardTruth, dim: Dimension, period: Period) {
  const byKey = memo.get(truth) ?? new Map<string, Map<string, Cell>>();
  memo.set(truth, byKey);
  const key = `${kpi}|${dim}|${period.start}`;
  let result = byKey.get(key);
  if (result === undefined) {
    result = cells(kpi, truth.facts, dim, period, truth.scheduleOf, truth.slaScheduleOf);
    byKey.set(key, result);
  }
  return result;
}

function expectedCell(
  kpi: Kpi,
  truth: BoardTruth,
  key: string,
  dim: Dimension,
): { current: Cell; previous: Cell | null } {
  const of = (period: Period) => cellsOf(kpi, truth, dim, period).get(key);
  const current = of(truth.current) ?? {
    n: 0,
    median: null,
    p90: null,
    mean: null,
    rate: null,
    score: null,
    latest: null,
  };
  return { current, previous: of(truth.previous) ?? null };
}

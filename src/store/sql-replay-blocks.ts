import type { Id } from '../domain/index.js';
import { decodeBlock, joinPicks, type ColumnsPick } from './replay-block-columns.js';
import {
  BUILD_BLOCKS,
  EMPTY_BLOCK,
  HOLE_AT,
  NEXT_BLOCKS,
  NEXT_HOLE,
  REPLAY_BLOCK_TICKETS,
  TRY_BUILD_LOCK,
} from './replay-block-sql.js';
import type { ReplayBlockStep, TimelineColumns, TimelineColumnsWindow } from './roles/whatif.js';
import type { SqlClient } from './sql-client.js';

/** Blocks one build transaction packs at most: a few batches' worth, the lock held ~a second. */
const BUILD_BLOCKS_AT_ONCE = 20;

/**
 * Blocks one background rebuild transaction packs at most: a quarter of a replay's, so a write
 * that waits for the installation's lock (the triggers of migration 022) waits a fraction of a
 * second at most, and a killed rebuild loses that much work.
 */
export const REBUILD_BLOCKS_AT_ONCE = 5;

/** The per-ticket read of a window's tickets with ids up to `upTo` (null: no upper end). */
export type TicketColumnsRead = (
  client: SqlClient,
  installationId: string,
  window: TimelineColumnsWindow,
  upTo: Id | null,
) => Promise<TimelineColumns>;

interface BlockRow {
  lo: Id;
  hi: Id;
  gap: boolean;
  skip: number;
  /** The payload's numbers, base64; null (and `texts` too) when no ticket is in the window. */
  numbers: string | null;
  texts: string | null;
}

/** What {@link fillHole} found at an id. */
type Fill = { kind: 'built' } | { kind: 'end' } | { kind: 'busy'; hi: Id | null };

/**
 * The window's next tickets from the replay blocks (migration 022): a few rows of a whole block
 * each. Where `after` lies in a hole (no block covers the tickets after it), the hole's blocks are
 * built first, in their own transaction, so this and every later replay reads them; while a
 * write that could stale them is uncommitted (or another replay builds), the hole's tickets are
 * read one by one instead. Same tickets, order and values as the per-ticket read.
 */
export async function readFromBlocks(
  client: SqlClient,
  installationId: string,
  window: TimelineColumnsWindow,
  perTicket: TicketColumnsRead,
  blockTickets = REPLAY_BLOCK_TICKETS,
): Promise<TimelineColumns> {
  const picks: ColumnsPick[] = [];
  let left = window.limit;
  let after = window.after;
  while (left > 0) {
    const wanted = Math.ceil(left / blockTickets) + 1;
    const { rows } = await client.query<BlockRow>(NEXT_BLOCKS, [
      installationId,
      after,
      window.start,
      window.end,
      wanted,
    ]);
    let block = 0;
    for (; block < rows.length && left > 0; block += 1) {
      const row = rows[block];
      // A hole between `after` and this block: fill it first.
      if (row === undefined || (block === 0 ? row.gap : row.lo !== rows[block - 1]?.hi)) break;
      if (row.numbers !== null && row.texts !== null) {
        const columns = decodeBlock(Buffer.from(row.numbers, 'base64'), row.texts);
        left -= pick(picks, columns, row.skip, window, left);
      }
      after = row.hi;
    }
    if (left <= 0 || (block === rows.length && rows.length === wanted)) continue;
    const fill = await fillHole(client, installationId, after, blockTickets, BUILD_BLOCKS_AT_ONCE);
    if (fill.kind === 'end') break;
    if (fill.kind === 'built') continue;
    const columns = await perTicket(
      client,
      installationId,
      { ...window, after, limit: left },
      fill.hi,
    );
    const read = columns.ticketIds.length;
    picks.push({ columns, picked: Array.from({ length: read }, (_, i) => i) });
    left -= read;
    if (left > 0 && fill.hi === null) break;
    if (fill.hi !== null) after = fill.hi;
  }
  return joinPicks(picks);
}

/** Picks the block's tickets from `skip` on created in the window, at most `left`; how many. */
function pick(
  picks: ColumnsPick[],
  columns: TimelineColumns,
  skip: number,
  window: TimelineColumnsWindow,
  left: number,
): number {
  const picked: number[] = [];
  for (let i = skip; i < columns.ticketIds.length && picked.length < left; i += 1) {
    const created = columns.createdAt[i] ?? 0;
    if (created >= window.start && created < window.end) picked.push(i);
  }
  if (picked.length > 0) picks.push({ columns, picked });
  return picked.length;
}

interface HoleRow {
  lo: Id;
  hi: Id | null;
  covered: boolean;
}

/**
 * One step of a background rebuild: builds the blocks (up to `blocksAtOnce`) of the first hole at
 * or after the id `from`, in one transaction under the installation's lock, exactly as a replay
 * that reads there would. `built` gives where the next step looks from; `end` when no hole with
 * tickets is left after `from`; `busy` when a write that could stale a block is uncommitted (or
 * a replay builds): nothing was built. Each step commits, so a rebuild killed between steps
 * loses nothing, and one killed inside a step loses only that step.
 */
export async function buildNextReplayBlocks(
  client: SqlClient,
  installationId: string,
  from: Id,
  blocksAtOnce = REBUILD_BLOCKS_AT_ONCE,
  blockTickets = REPLAY_BLOCK_TICKETS,
): Promise<ReplayBlockStep> {
  const { rows } = await client.query<{ at: Id }>(NEXT_HOLE, [installationId, from]);
  const at = rows[0]?.at ?? from;
  const fill = await fillHole(client, installationId, at, blockTickets, blocksAtOnce);
  if (fill.kind === 'busy') return { kind: 'busy' };
  return fill.kind === 'end' ? { kind: 'end' } : { kind: 'built', next: at };
}

/**
 * Builds the blocks of the hole `after` lies in (up to `blocksAtOnce` of them), under the
 * installation's lock: taken, no write that could stale a block is uncommitted and none can
 * start before this commits (see the triggers of migration 022). Busy when the lock is held.
 */
async function fillHole(
  client: SqlClient,
  installationId: string,
  after: Id,
  blockTickets: number,
  blocksAtOnce: number,
): Promise<Fill> {
  return client.transaction(async (tx) => {
    const locked = (await tx.query<{ locked: boolean }>(TRY_BUILD_LOCK, [installationId])).rows[0];
    const { rows } = await tx.query<HoleRow>(HOLE_AT, [installationId, after]);
    const hole = rows[0] ?? { lo: '', hi: null, covered: false };
    if (hole.covered) return { kind: 'built' };
    if (locked?.locked !== true) return { kind: 'busy', hi: hole.hi };
    const built = await tx.query<{ tickets: number }>(BUILD_BLOCKS, [
      installationId,
      hole.lo,
      hole.hi,
      blocksAtOnce * blockTickets,
      blockTickets,
    ]);
    if ((built.rows[0]?.tickets ?? 0) > 0) return { kind: 'built' };
    if (hole.hi === null) return { kind: 'end' };
    await tx.query(EMPTY_BLOCK, [installationId, hole.lo, hole.hi]);
    return { kind: 'built' };
  });
}

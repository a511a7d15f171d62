import { describe, expect, it } from 'vitest';
import {
  createProgressRenderer,
  formatEta,
  formatStages,
} from '../../../src/cli/progress-renderer.js';
import type { StageProgress } from '../../../src/services/pipeline/progress-stages.js';

const TICKETS_DONE: StageProgress = {
  stage: 'tickets',
  state: 'done',
  done: 3000,
  total: 3000,
  etaMs: 0,
};
const EVENTS: StageProgress = {
  stage: 'events',
  state: 'running',
  done: 12_000,
  total: 29_000,
  etaMs: 65_000,
};
const RATINGS: StageProgress = {
  stage: 'ratings',
  state: 'waiting',
  done: 0,
  total: null,
  etaMs: null,
};

describe('formatStages', () => {
  it('gives each stage its own count and ETA; a finished stage does not end the line', () => {
    expect(formatStages([TICKETS_DONE, EVENTS, RATINGS], false)).toBe(
      'tickets: 3,000 done | events: 12,000 of ~29,000 (41%), eta 1m05s | ratings: waiting',
    );
    expect(formatStages([EVENTS], true)).toBe(
      `events [${'█'.repeat(8)}${'·'.repeat(12)}] 41% 12,000 of ~29,000, eta 1m05s`,
    );
  });

  it('never shows 100 % for a running stage, nor 0s when time is left', () => {
    const almost: StageProgress = { ...EVENTS, done: 28_999, etaMs: 400 };
    expect(formatStages([almost], false)).toBe('events: 28,999 of ~29,000 (99%), eta <1s');
    const unknown: StageProgress = { ...EVENTS, total: null, etaMs: null };
    expect(formatStages([unknown], true)).toBe('events: 12,000 so far');
  });

  it.each([
    [0, '<1s'],
    [999, '<1s'],
    [1_000, '1s'],
    [1_001, '2s'],
    [59_000, '59s'],
    [60_000, '1m00s'],
    [3_725_000, '1h02m'],
  ])('formats an ETA of %i ms as %s', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });
});

describe('createProgressRenderer', () => {
  it('redraws one line in place on a terminal', () => {
    const out: string[] = [];
    const renderer = createProgressRenderer({
      write: (t) => out.push(t),
      isTTY: true,
      now: () => 0,
    });
    renderer.update([TICKETS_DONE]);
    renderer.update([TICKETS_DONE, EVENTS]);
    renderer.finish([TICKETS_DONE]);
    expect(out).toHaveLength(3);
    expect(out.every((t) => t.startsWith('\r'))).toBe(true);
    expect(out.slice(0, 2).every((t) => !t.includes('\n'))).toBe(true);
    expect(out[2]?.endsWith('\n')).toBe(true);
  });

  it('writes a plain line at most every interval to a log, and the final state', () => {
    const out: string[] = [];
    let now = 0;
    const renderer = createProgressRenderer(
      { write: (t) => out.push(t), isTTY: false, now: () => now },
      5_000,
    );
    renderer.update([EVENTS]);
    now = 4_999;
    renderer.update([EVENTS]);
    now = 5_000;
    renderer.update([TICKETS_DONE]);
    renderer.finish([TICKETS_DONE]);
    renderer.finish([RATINGS]);
    // The final state just written is not repeated; a different final state is.
    expect(out).toEqual([
      'events: 12,000 of ~29,000 (41%), eta 1m05s\n',
      'tickets: 3,000 done\n',
      'ratings: waiting\n',
    ]);
    expect(out.join('')).not.toContain('\r');
  });

  it('writes a line to a log as soon as a stage starts or finishes, within the interval', () => {
    const out: string[] = [];
    let now = 0;
    const renderer = createProgressRenderer(
      { write: (t) => out.push(t), isTTY: false, now: () => now },
      5_000,
    );
    const waiting = [{ ...TICKETS_DONE, state: 'waiting' as const, done: 0 }, RATINGS];
    renderer.update(waiting);
    now = 100;
    renderer.update([{ ...EVENTS, stage: 'tickets' }, RATINGS]);
    now = 200;
    renderer.update([{ ...EVENTS, stage: 'tickets', done: 12_500 }, RATINGS]);
    now = 300;
    renderer.update([TICKETS_DONE, RATINGS]);
    expect(out).toEqual([
      'tickets: waiting | ratings: waiting\n',
      'tickets: 12,000 of ~29,000 (41%), eta 1m05s | ratings: waiting\n',
      'tickets: 3,000 done | ratings: waiting\n',
    ]);
  });
});

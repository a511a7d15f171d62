import type { StageProgress } from '../services/pipeline/progress-stages.js';

const BAR_WIDTH = 20;
/** How often a non-terminal (a log file, CI) gets a progress line. */
export const PLAIN_INTERVAL_MS = 5_000;

/** Where progress goes: the text sink, whether it is a terminal, and the clock. */
export interface ProgressSink {
  write: (text: string) => void;
  isTTY: boolean;
  now: () => number;
}

/** Draws stage progress: one redrawn line on a terminal, a plain line every few seconds elsewhere. */
export interface ProgressRenderer {
  update(stages: readonly StageProgress[]): void;
  /** Draws the last state for good (in a log: unless it is the line just written) and ends the line. */
  finish(stages: readonly StageProgress[]): void;
}

/**
 * A renderer for `sink`. On a terminal every update redraws the line in place (`\r`, then clear
 * to its end); a log file or CI output cannot redraw, so it gets a plain line at most every
 * `intervalMs`, whenever a stage starts or finishes, and the final state.
 */
export function createProgressRenderer(
  sink: ProgressSink,
  intervalMs = PLAIN_INTERVAL_MS,
): ProgressRenderer {
  let lastPlainAt: number | null = null;
  let lastStates = '';
  let lastLine = '';
  const plain = (stages: readonly StageProgress[]): void => {
    lastLine = `${formatStages(stages, false)}\n`;
    sink.write(lastLine);
  };
  return {
    update(stages) {
      if (sink.isTTY) {
        sink.write(`\r${formatStages(stages, true)}\x1b[K`);
        return;
      }
      const at = sink.now();
      const states = stages.map((s) => s.state).join();
      if (states === lastStates && lastPlainAt !== null && at - lastPlainAt < intervalMs) return;
      lastPlainAt = at;
      lastStates = states;
      plain(stages);
    },
    finish(stages) {
      if (sink.isTTY) sink.write(`\r${formatStages(stages, true)}\x1b[K\n`);
      // A log already holding this very line gets no copy of it.
      else if (`${formatStages(stages, false)}\n` !== lastLine) plain(stages);
      lastPlainAt = null;
      lastStates = '';
      lastLine = '';
    },
  };
}

/**
 * One line for all stages: `tickets: 3,000 done | events [████····] 41% 12,000 of ~29,000, eta
 * 1m05s | ratings: waiting`. The bar (terminals only) belongs to a running stage with an
 * estimate, and never shows 100 % before its stage is done.
 */
export function formatStages(stages: readonly StageProgress[], withBar: boolean): string {
  return stages.map((s) => formatStage(s, withBar)).join(' | ');
}

function formatStage(s: StageProgress, withBar: boolean): string {
  if (s.state === 'waiting') return `${s.stage}: waiting`;
  if (s.state === 'done') return `${s.stage}: ${count(s.done)} done`;
  const eta = s.etaMs === null ? '' : `, eta ${formatEta(s.etaMs)}`;
  if (s.total === null || s.total === 0) return `${s.stage}: ${count(s.done)} so far${eta}`;
  // A running stage is not finished, whatever the estimate says.
  const percent = Math.min(99, Math.floor((s.done / s.total) * 100));
  const amount = `${count(s.done)} of ~${count(s.total)}`;
  if (!withBar) return `${s.stage}: ${amount} (${percent}%)${eta}`;
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  const bar = `[${'█'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}]`;
  return `${s.stage} ${bar} ${String(percent).padStart(2)}% ${amount}${eta}`;
}

/** `<1s`, `42s`, `3m05s`, `1h02m`: rounded up, so a stage with time left never reads 0s. */
export function formatEta(ms: number): string {
  if (ms < 1_000) return '<1s';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function count(n: number): string {
  return n.toLocaleString('en');
}

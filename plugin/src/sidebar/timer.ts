/** One handle-time entry as the backend stores it; `entryId` makes a replayed post harmless. */
export interface HandleTimeEntry {
  entryId: string;
  seconds: number;
  startedAt: string;
  endedAt: string;
}

/** The API accepts 1 s to 12 h per entry. */
export const MAX_ENTRY_SECONDS = 43_200;

/**
 * Handle time of one agent on one ticket: it runs only while the ticket is in view (app active,
 * document visible) and the agent is not idle. `take()` closes the time counted so far into an
 * entry and starts counting afresh. The clock and id source are passed in, so it is testable.
 */
export class HandleTimer {
  private visible = true;
  private active = true;
  private runningSince: number | null;
  private countedMs = 0;
  private firstStart: number | null;

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {
    this.runningSince = now();
    this.firstStart = this.runningSince;
  }

  get running(): boolean {
    return this.runningSince !== null;
  }

  /** Why the timer is stopped, or null while it runs. */
  get pausedBecause(): 'hidden' | 'idle' | null {
    if (!this.visible) return 'hidden';
    if (!this.active) return 'idle';
    return null;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.update();
  }

  setActive(active: boolean): void {
    this.active = active;
    this.update();
  }

  elapsedSeconds(): number {
    const live = this.runningSince === null ? 0 : this.now() - this.runningSince;
    return Math.floor((this.countedMs + live) / 1000);
  }

  /** The time counted since the last take, as an entry (null under one second). */
  take(): HandleTimeEntry | null {
    const end = this.now();
    if (this.runningSince !== null) this.countedMs += end - this.runningSince;
    const seconds = Math.min(MAX_ENTRY_SECONDS, Math.floor(this.countedMs / 1000));
    const started = this.firstStart;
    this.countedMs = 0;
    this.runningSince = this.pausedBecause === null ? end : null;
    this.firstStart = this.runningSince;
    if (seconds < 1 || started === null) return null;
    return {
      entryId: this.newId(),
      seconds,
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(end).toISOString(),
    };
  }

  private update(): void {
    const t = this.now();
    const shouldRun = this.pausedBecause === null;
    if (shouldRun && this.runningSince === null) {
      this.runningSince = t;
      this.firstStart ??= t;
    } else if (!shouldRun && this.runningSince !== null) {
      this.countedMs += t - this.runningSince;
      this.runningSince = null;
    }
  }
}

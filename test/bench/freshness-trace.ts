import { AsyncLocalStorage } from 'node:async_hooks';
import type { HelpdeskConnector } from '../../src/connectors/connector.js';
import type { JobTrace, TracedJob } from '../../src/queue/in-process.js';
import type { TicketStore } from '../../src/store/index.js';

/** One awaited call: a store method (`db`) or a helpdesk read (`helpdesk`). */
interface Span {
  kind: 'db' | 'helpdesk';
  method: string;
  start: number;
  end: number;
}

/** One run of a job, as the trace saw it (times are `performance.now()`). */
interface JobRun {
  name: string;
  payload: Record<string, unknown>;
  enqueuedAt: number;
  delayMs: number;
  startedAt: number;
  endedAt: number | null;
  spans: Span[];
}

/** A stretch in which the event loop did not turn (a timer fired late), and what was running. */
interface Stall {
  start: number;
  end: number;
  /** This process's CPU time (all threads) during the stall. */
  cpuMs: number;
  running: string[];
}

/** One measured update's path, in ms; `null` where a step was not seen. */
export interface UpdatePath {
  total: number;
  /** From the bench's start to the webhook route's first store read: the simulator's mutation and the POST. */
  post: number | null;
  /** Signature check, delivery record, up to the `ticket.refresh` enqueue. */
  intake: number | null;
  refreshWait: number | null;
  refreshHelpdesk: number | null;
  refreshDb: number | null;
  refreshOther: number | null;
  analyzeWait: number | null;
  analyzeDb: number | null;
  analyzeOther: number | null;
  summarizeWait: number | null;
  summarizeDb: number | null;
  summarizeOther: number | null;
  /** Store calls (methods, not statements) of the intake and the three jobs. */
  dbCalls: number | null;
  /** From the summary's save to the bench seeing it (its 20 ms poll). */
  seen: number | null;
  /** Job delays (timers) on the path: the enqueue's `delayMs` of the three jobs, summed. */
  timers: number | null;
  /** Event-loop stalls of ≥ {@link STALL_MS} inside the update's window, summed. */
  stalled: number;
  /** The CPU this process used during those stalls (less than `stalled`: the OS ran others). */
  stalledCpu: number;
  /** Jobs running during those stalls, by name: ms of stall each was present for. */
  stalledBy: Record<string, number>;
  /** Every store and helpdesk call on the path, `step.method` → ms. */
  calls: [string, number][];
}

const STALL_TICK_MS = 5;
/** A tick this much later than due counts as a stall. */
const STALL_MS = 15;

/**
 * Times a webhook's path through the embedded stack: wraps the store and the connectors (each
 * call's span is filed under the job it ran in, through AsyncLocalStorage), records each job's
 * enqueue, start and end from the queue's {@link JobTrace}, and samples event-loop stalls with a
 * 5 ms timer. Everything stays in memory for the bench's lifetime.
 */
export function createFreshnessTrace() {
  const context = new AsyncLocalStorage<JobRun>();
  const waiting = new Map<string, { at: number; delayMs: number }>();
  const runs: JobRun[] = [];
  const running = new Set<JobRun>();
  const intake: Span[] = [];
  const stalls: Stall[] = [];
  const pings: number[] = [];
  // A function, not a variable read: stop() flips it while the probe awaits.
  const state = { probing: false };
  const probing = (): boolean => state.probing;

  const jobTrace: JobTrace = {
    enqueued(job: TracedJob, delayMs: number) {
      waiting.set(job.jobId, { at: performance.now(), delayMs });
    },
    around(job: TracedJob, run: () => Promise<void>) {
      const queued = waiting.get(job.jobId);
      waiting.delete(job.jobId);
      const now = performance.now();
      const record: JobRun = {
        name: job.name,
        payload: job.payload as Record<string, unknown>,
        enqueuedAt: queued?.at ?? now,
        delayMs: queued?.delayMs ?? 0,
        startedAt: now,
        endedAt: null,
        spans: [],
      };
      runs.push(record);
      running.add(record);
      return context.run(record, run).finally(() => {
        record.endedAt = performance.now();
        running.delete(record);
      });
    },
  };

  const timed = <T>(kind: Span['kind'], method: string, call: () => T, sink?: Span[]): T => {
    const start = performance.now();
    const result = call();
    if (!(result instanceof Promise)) return result;
    const spans = sink ?? context.getStore()?.spans;
    if (spans === undefined) return result;
    return result.finally(() => {
      spans.push({ kind, method, start, end: performance.now() });
    }) as T;
  };

  /** `target` with every method call timed; `sink` files them there instead of by job. */
  const wrap = <T extends object>(target: T, kind: Span['kind'], sink?: Span[]): T => {
    const cache = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        let wrapped = cache.get(property);
        if (wrapped === undefined) {
          const fn = value as (...args: unknown[]) => unknown;
          wrapped = (...args: unknown[]) =>
            timed(kind, String(property), () => fn.apply(object, args), sink);
          cache.set(property, wrapped);
        }
        return wrapped;
      },
    });
  };

  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const watchdog = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    if (now - last - STALL_TICK_MS >= STALL_MS) {
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      stalls.push({ start: last, end: now, cpuMs, running: [...running].map((r) => r.name) });
    }
    last = now;
    lastCpu = cpu;
  }, STALL_TICK_MS);
  watchdog.unref();

  return {
    jobTrace,
    /** The store for the jobs (spans filed by job). */
    jobStore: (store: TicketStore): TicketStore => wrap(store, 'db'),
    /** The store for the webhook route (spans filed as intake). */
    intakeStore: (store: TicketStore): TicketStore => wrap(store, 'db', intake),
    connectorFor:
      (inner: (id: string) => Promise<HelpdeskConnector>) =>
      async (id: string): Promise<HelpdeskConnector> =>
        wrap(await inner(id), 'helpdesk'),
    /**
     * Times `ping` (a trivial query on its own connection) every 50 ms until stopped: what one
     * round trip costs at the machine's current load, to set the store calls against.
     */
    probe(ping: () => Promise<unknown>) {
      state.probing = true;
      void (async () => {
        while (probing()) {
          const start = performance.now();
          await ping();
          pings.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })().catch(() => undefined);
    },
    stop() {
      state.probing = false;
      clearInterval(watchdog);
    },
    /** {@link summarizePaths}, with the probe's round trips and the longest stalls. */
    summary(paths: readonly UpdatePath[]): Record<string, string> {
      const sorted = [...pings].sort((a, b) => a - b);
      const longest = [...stalls].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 8);
      return {
        ...summarizePaths(paths),
        'longest stalls (ms, cpu ms, running)': longest
          .map((x) => `${fmtMs(x.end - x.start)} ${fmtMs(x.cpuMs)} [${x.running.join(' ')}]`)
          .join('; '),
        'db ping (SELECT 1)': `${fmtMs(pick(sorted, 0.5))} / ${fmtMs(pick(sorted, 0.95))}`,
      };
    },
    /** The path of the update of `ticketId` started at `started` and seen at `seenAt`. */
    pathOf(
      update: { installationId: string; ticketId: string; requesterId: string },
      started: number,
      seenAt: number,
    ): UpdatePath {
      const { installationId, ticketId, requesterId } = update;
      const mine = (run: JobRun, name: string, key: string, value: string, after: number) =>
        run.name === name &&
        run.payload['installationId'] === installationId &&
        run.payload[key] === value &&
        run.enqueuedAt >= after;
      const refresh = runs.find((r) => mine(r, 'ticket.refresh', 'ticketId', ticketId, started));
      const analyze =
        refresh === undefined
          ? undefined
          : runs.find((r) => mine(r, 'ticket.analyze', 'ticketId', ticketId, refresh.startedAt));
      // An enqueue absorbed by an equal waiting job records no enqueue of its own: match on start.
      const summarize =
        analyze === undefined
          ? undefined
          : runs.find(
              (r) =>
                r.name === 'requester.summarize' &&
                r.payload['installationId'] === installationId &&
                r.payload['requesterId'] === requesterId &&
                r.startedAt >= analyze.startedAt,
            );
      const firstIntake = intake.find((s) => s.start >= started);
      const save = summarize?.spans.find((s) => s.method === 'saveVersionedSummary');
      const within = stalls.filter((s) => s.end > started && s.start < seenAt);
      const stalledBy: Record<string, number> = {};
      for (const stall of within) {
        const ms = Math.min(stall.end, seenAt) - Math.max(stall.start, started);
        for (const name of new Set(stall.running)) stalledBy[name] = (stalledBy[name] ?? 0) + ms;
      }
      const split = (run: JobRun | undefined) => {
        if (run?.endedAt == null) return { db: null, helpdesk: null, other: null, wait: null };
        const db = covered(run.spans.filter((s) => s.kind === 'db'));
        const helpdesk = covered(run.spans.filter((s) => s.kind === 'helpdesk'));
        const wall = run.endedAt - run.startedAt;
        return { db, helpdesk, other: wall - db - helpdesk, wait: run.startedAt - run.enqueuedAt };
      };
      const r = split(refresh);
      const a = split(analyze);
      const s = split(summarize);
      // The summarize job ends after its push-back enqueue; the path ends at the save.
      const summarizeOther =
        s.other === null || summarize?.endedAt == null || save === undefined
          ? s.other
          : s.other - (summarize.endedAt - save.end);
      const calls = [refresh, analyze, summarize].map(
        (run) => run?.spans.filter((x) => x.kind === 'db').length,
      );
      const intakeCalls = intake.filter((x) => x.start >= started && x.start < seenAt).length;
      return {
        total: seenAt - started,
        dbCalls: calls.includes(undefined) ? null : sum(calls as number[]) + intakeCalls,
        post: firstIntake === undefined ? null : firstIntake.start - started,
        intake:
          firstIntake === undefined || refresh === undefined
            ? null
            : refresh.enqueuedAt - firstIntake.start,
        refreshWait: r.wait,
        refreshHelpdesk: r.helpdesk,
        refreshDb: r.db,
        refreshOther: r.other,
        analyzeWait: a.wait,
        analyzeDb: a.db,
        analyzeOther: a.other,
        summarizeWait: s.wait,
        summarizeDb: s.db,
        summarizeOther,
        seen: save === undefined ? null : seenAt - save.end,
        timers:
          refresh && analyze && summarize
            ? refresh.delayMs + analyze.delayMs + summarize.delayMs
            : null,
        stalled: sum(within.map((x) => Math.min(x.end, seenAt) - Math.max(x.start, started))),
        stalledCpu: sum(within.map((x) => x.cpuMs)),
        stalledBy,
        calls: [
          ...intake
            .filter((x) => x.start >= started && x.start < seenAt)
            .map((x): [string, number] => [`intake.${x.method}`, x.end - x.start]),
          ...[refresh, analyze, summarize].flatMap((run) =>
            (run?.spans ?? []).map((x): [string, number] => [
              `${run?.name ?? ''}.${x.method}`,
              x.end - x.start,
            ]),
          ),
        ],
      };
    },
  };
}

/** Milliseconds covered by the union of the spans (overlapping reads count once). */
function covered(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  for (const span of sorted) {
    if (span.end <= end) continue;
    total += span.end - Math.max(span.start, end);
    end = span.end;
  }
  return total;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Median and p95 of every field of the paths, for the bench's JSON and printout. */
export function summarizePaths(paths: readonly UpdatePath[]): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = Object.keys(paths[0] ?? {}).filter((k) => k !== 'stalledBy' && k !== 'calls');
  for (const key of keys) {
    const values = paths
      .map((p) => p[key as keyof UpdatePath])
      .filter((v): v is number => typeof v === 'number')
      .sort((a, b) => a - b);
    out[key] = `${fmtMs(pick(values, 0.5))} / ${fmtMs(pick(values, 0.95))}`;
  }
  const by: Record<string, number> = {};
  for (const p of paths) for (const [k, v] of Object.entries(p.stalledBy)) by[k] = (by[k] ?? 0) + v;
  const byCall = new Map<string, number[]>();
  for (const p of paths) {
    for (const [k, v] of p.calls) byCall.set(k, [...(byCall.get(k) ?? []), v]);
  }
  for (const [k, values] of byCall) {
    values.sort((a, b) => a - b);
    out[`call ${k} (×${String(values.length)})`] =
      `${fmtMs(pick(values, 0.5))} / ${fmtMs(pick(values, 0.95))}`;
  }
  out['stalledBy (total ms)'] = Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmtMs(v)}`)
    .join(', ');
  return out;
}

function pick(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * q + 0.5))] ?? NaN;
}

function fmtMs(ms: number): string {
  return Number.isNaN(ms) ? '–' : ms.toFixed(1);
}

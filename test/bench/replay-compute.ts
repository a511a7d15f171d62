import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRIORITIES, SlaMetricSchema, type SlaPolicy } from '../../src/domain/index.js';
import type { WhatIfRequest } from '../../src/services/whatif/contracts.js';
import { whatIf as ownWhatIf, type WhatIfDeps } from '../../src/services/whatif/what-if.js';
import type { TimelineColumns } from '../../src/store/store.js';
import { toKernelColumns } from '../support/kernel-columns.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

/**
 * The what-if replay's whole compute side, store read excluded: `whatIf` over synthetic batches
 * already in columnar form (a fake store hands them out), under a business calendar and a
 * 7-target business-hours SLA policy, with the tallies overall, per month and per group and the
 * flips. With `--against=<another build's dist/src/services/whatif/replay.js or what-if.js>` it
 * times that build's `whatIf` too, pass for pass alternately in the same process, so both see the
 * same load, and says whether both reports are identical (replaySeconds aside).
 *
 * `node dist/test/bench/replay-compute.js [--tickets=20000] [--passes=7] [--sla=0] [--against=…]`
 */
type WhatIf = typeof ownWhatIf;

const NOW = Date.UTC(2025, 0, 1);
const BATCH = 5_000;
const HOUR = 3600;
const target = (
  metric: SlaPolicy['targets'][number]['metric'],
  priority: SlaPolicy['targets'][number]['priority'],
  targetSeconds: number,
  businessHours = true,
) => ({ metric, priority, targetSeconds, businessHours });
const POLICY: SlaPolicy = {
  id: 'bench',
  name: 'Bench',
  targets: [
    target('first_reply_time', null, 2 * HOUR),
    target('first_reply_time', 'urgent', HOUR / 2),
    target('next_reply_time', null, 4 * HOUR),
    target('requester_wait_time', null, 8 * HOUR),
    target('agent_work_time', null, 6 * HOUR),
    target('full_resolution_time', null, 86_400, false),
    target('full_resolution_time', 'high', 16 * HOUR),
  ],
};

/** One store batch: synthetic tickets `from`… with stored values to compare against. */
function batchOf(from: number, tickets: number): TimelineColumns {
  const random = createRandom(42 + from);
  const timelines = Array.from({ length: tickets }, (_, i) => syntheticTimeline(from + i, random));
  const kernel = toKernelColumns(timelines);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T;
  const maybe = (at: number) => (random() < 0.3 ? null : at + Math.floor(random() * 40) * HOUR);
  return {
    ...kernel,
    priorities: timelines.map(() => pick([...PRIORITIES, null])),
    groupIds: timelines.map(() => pick(['g1', 'g2', 'g3', null])),
    assigneeIds: timelines.map(() => null),
    brandIds: timelines.map(() => null),
    channels: timelines.map(() => 'email'),
    storedBusiness: Float64Array.from({ length: tickets * 5 }, () =>
      random() < 0.2 ? NaN : Math.floor(random() * 100 * HOUR),
    ),
    storedSla: timelines.map((t) =>
      Array.from({ length: Math.floor(random() * 4) }, () => ({
        metric: pick(SlaMetricSchema.options),
        breachAt: maybe(t.ticket.createdAt),
        fulfilledAt: maybe(t.ticket.createdAt),
      })),
    ),
  };
}

/** A store that hands out the prepared batches in order, as readTimelineColumns pages them. */
function fakeStore(batches: readonly TimelineColumns[]): WhatIfDeps['store'] {
  const after = new Map(batches.map((b, k) => [b.ticketIds.at(-1) ?? '', k + 1]));
  const empty = { ...(batches[0] as TimelineColumns), ticketIds: [] };
  return {
    getInstallation: () => Promise.resolve({ settings: {} } as never),
    listSchedules: () => Promise.resolve([]),
    listDisplayNames: () =>
      Promise.resolve({
        users: new Map(),
        organizations: new Map(),
        groups: new Map(),
        brands: new Map(),
      }),
    readTimelineColumns: (_id, options) =>
      Promise.resolve(
        batches[options.after === '' ? 0 : (after.get(options.after) ?? -1)] ?? empty,
      ),
  };
}

/** One pass: wall and CPU (user + system) seconds, and the report without its own timing. */
async function pass(run: WhatIf, deps: WhatIfDeps, request: WhatIfRequest) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const report = await run(deps, 'bench', request);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const text = JSON.stringify({ ...report, replaySeconds: 0 });
  return {
    wall,
    cpu: (used.user + used.system) / 1e6,
    digest: createHash('sha256').update(text).digest('hex').slice(0, 12),
    flips: report.flips.total,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const arg = (name: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const tickets = Number(arg('tickets') ?? 20_000);
  const passes = Number(arg('passes') ?? 7);
  const against = arg('against');
  const withSla = arg('sla') !== '0';
  const batches: TimelineColumns[] = [];
  for (let from = 0; from < tickets; from += BATCH)
    batches.push(batchOf(from, Math.min(BATCH, tickets - from)));
  const deps: WhatIfDeps = {
    store: fakeStore(batches),
    reportingTimeZone: 'Europe/Rome',
    now: () => NOW,
    batchSize: BATCH,
  };
  const request: WhatIfRequest = {
    proposal: { schedules: [benchSchedule], ...(withSla ? { slaPolicy: POLICY } : {}) },
    slice: 'group',
    flipLimit: 200,
  };
  const contenders: [string, WhatIf][] = [['this tree', ownWhatIf]];
  if (against !== undefined) {
    const path = join(dirname(against), 'what-if.js');
    const other = (await import(pathToFileURL(path).href)) as { whatIf: WhatIf };
    contenders.push([path, other.whatIf]);
  }
  const runs = contenders.map(() => ({
    wall: [] as number[],
    cpu: [] as number[],
    digest: '',
    flips: 0,
  }));
  // A warm-up pass each (it also expands the calendar's years), then the timed passes in turn.
  for (const [, run] of contenders) await pass(run, deps, request);
  const loads: number[] = [];
  for (let p = 0; p < passes; p++) {
    loads.push(loadavg()[0] ?? NaN);
    for (const [c, [, run]] of contenders.entries()) {
      const r = await pass(run, deps, request);
      const into = runs[c];
      if (into === undefined) continue;
      into.wall.push(r.wall);
      into.cpu.push(r.cpu);
      into.digest = r.digest;
      into.flips = r.flips;
    }
  }
  console.log(
    `${String(tickets)} tickets, ${withSla ? 'with' : 'no'} SLA policy, ${String(passes)} passes, load ${loads.map((l) => l.toFixed(1)).join(', ')}`,
  );
  contenders.forEach(([name], c) => {
    const run = runs[c];
    if (run === undefined) return;
    console.log(
      `${name}: wall median ${median(run.wall).toFixed(3)} s, CPU median ${median(run.cpu).toFixed(3)} s, CPU ${run.cpu.map((x) => x.toFixed(2)).join(' ')} (report ${run.digest}, ${String(run.flips)} flips)`,
    );
  });
  if (contenders.length > 1)
    console.log(
      `reports identical: ${runs.every((r) => r.digest === runs[0]?.digest) ? 'yes' : 'NO'}`,
    );
}

await main();

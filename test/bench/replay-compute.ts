import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { SlaPolicy } from '../../src/domain/index.js';
import { createBusinessCalendar } from '../../src/metrics/business-calendar.js';
import {
  replayBatch as ownReplayBatch,
  type ReplaySettings,
} from '../../src/services/whatif/replay.js';
import type { TimelineColumns } from '../../src/store/store.js';
import { toKernelColumns } from '../support/kernel-columns.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

/**
 * The what-if replay's compute alone, store read excluded: replayBatch over synthetic timelines
 * already in columnar form, under a business calendar and an SLA policy, as the proposal replay
 * runs it. With `--against=<another build's dist/src/services/whatif/replay.js>` it times that
 * replayBatch too, pass for pass alternately in the same process, so both see the same load.
 *
 * `node dist/test/bench/replay-compute.js [--tickets=20000] [--passes=7] [--sla=0] [--against=…]`
 */
type ReplayBatch = typeof ownReplayBatch;

const NOW = Date.UTC(2025, 0, 1);
const POLICY: SlaPolicy = {
  id: 'bench',
  name: 'Bench',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 2 * 3600, businessHours: true },
    { metric: 'requester_wait_time', priority: null, targetSeconds: 8 * 3600, businessHours: true },
    { metric: 'full_resolution_time', priority: null, targetSeconds: 86_400, businessHours: false },
  ],
};

function columnsOf(tickets: number): TimelineColumns {
  const random = createRandom(42);
  const timelines = Array.from({ length: tickets }, (_, i) => syntheticTimeline(i, random));
  const kernel = toKernelColumns(timelines);
  const none = timelines.map(() => null);
  return {
    ...kernel,
    priorities: timelines.map(() => 'normal' as const),
    groupIds: none,
    assigneeIds: none,
    brandIds: none,
    channels: timelines.map(() => 'email'),
    storedBusiness: new Float64Array(tickets * 5),
    storedSla: timelines.map(() => []),
  };
}

/** One pass: wall and CPU (user + system) seconds, and a checksum so the work is observable. */
function pass(replay: ReplayBatch, columns: TimelineColumns, settings: ReplaySettings) {
  let checksum = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  replay(columns, settings, NOW, (t) => {
    checksum += (t.proposedBusiness[2] || 0) + t.proposedOutcomes.length;
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6, checksum };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const arg = (name: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const tickets = Number(arg('tickets') ?? 20_000);
  const passes = Number(arg('passes') ?? 7);
  const against = arg('against');
  const withSla = arg('sla') !== '0';
  // Built once: expanding the calendar's years is the what-if service's cost, not the replay's.
  const settings: ReplaySettings = {
    calendars: { defaultCalendar: createBusinessCalendar(benchSchedule), byId: new Map() },
    slaPolicy: withSla ? POLICY : null,
  };
  const columns = columnsOf(tickets);
  const contenders: [string, ReplayBatch][] = [['this tree', ownReplayBatch]];
  if (against !== undefined) {
    const other = (await import(pathToFileURL(against).href)) as { replayBatch: ReplayBatch };
    contenders.push([against, other.replayBatch]);
  }
  const runs = contenders.map(() => ({ wall: [] as number[], cpu: [] as number[], sum: 0 }));
  // A warm-up pass each, then the timed passes in turn.
  contenders.forEach(([, replay]) => pass(replay, columns, settings));
  const loads: number[] = [];
  for (let p = 0; p < passes; p++) {
    loads.push(loadavg()[0] ?? NaN);
    contenders.forEach(([, replay], c) => {
      const r = pass(replay, columns, settings);
      const run = runs[c];
      if (run === undefined) return;
      run.wall.push(r.wall);
      run.cpu.push(r.cpu);
      run.sum = r.checksum;
    });
  }
  console.log(
    `${String(tickets)} tickets, ${withSla ? 'with' : 'no'} SLA policy, ${String(passes)} passes, load ${loads.map((l) => l.toFixed(1)).join(', ')}`,
  );
  contenders.forEach(([name], c) => {
    const run = runs[c];
    if (run === undefined) return;
    console.log(
      `${name}: wall median ${median(run.wall).toFixed(3)} s, CPU median ${median(run.cpu).toFixed(3)} s (checksum ${String(run.sum)})`,
    );
  });
}

await main();

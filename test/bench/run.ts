import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchMetricEngine } from './metric-engine.bench.js';

/**
 * `npm run bench [-- --quick]`: performance is a command, never a timed test. Prints a table and
 * writes the same figures as JSON under bench-results/.
 */
async function run(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const tickets = quick ? 100_000 : 1_000_000;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(
    `Deskpulse benchmarks (${quick ? 'quick' : 'full'}) on ${machine.cpu}, ${String(machine.cores)} cores, Node ${machine.node}`,
  );
  const batchArg = process.argv.find((a) => a.startsWith('--batch='));
  const engine = benchMetricEngine(
    tickets,
    batchArg === undefined ? undefined : Number(batchArg.slice(8)),
  );
  const rows = [
    [
      'metric engine',
      'timelines/s, median batch (one core)',
      fmt(engine.medianBatchPerSecond),
      '>= 200,000',
    ],
    ['metric engine', 'timelines/s, overall', fmt(engine.overallPerSecond), ''],
    [
      'metric engine',
      'timelines/s, slowest..fastest batch',
      `${fmt(engine.minBatchPerSecond)}..${fmt(engine.maxBatchPerSecond)}`,
      '',
    ],
    ['metric engine', 'tickets / events', `${fmt(engine.tickets)} / ${fmt(engine.events)}`, ''],
    [
      'metric engine',
      'full recompute at the overall rate (s)',
      (engine.tickets / engine.overallPerSecond).toFixed(2),
      '<= 5',
    ],
  ];
  console.table(rows.map(([suite, measure, value, goal]) => ({ suite, measure, value, goal })));
  await mkdir('bench-results', { recursive: true });
  const file = `bench-results/bench-${new Date().toISOString().replaceAll(':', '-')}.json`;
  await writeFile(file, JSON.stringify({ machine, quick, engine }, null, 2));
  console.log(`written ${file}`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

await run();

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { SUITES, type BenchContext, type Row } from './suites.js';

/**
 * `npm run bench [-- --quick] [-- --only=engine,sql]`: performance is a command, never a timed
 * test. Runs the selected benches in order, prints one table and writes the same figures (and
 * every bench's raw result) as JSON under bench-results/.
 */
async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined =>
    args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = args.includes('--quick');
  const only = value('only')
    ?.split(',')
    .filter((n) => n !== '');
  const unknown = only?.filter((n) => !SUITES.some((s) => s.name === n)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown bench ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`,
    );
  }
  const ctx: BenchContext = {
    quick,
    databaseUrl: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    flag: (name, fallback) => {
      const v = value(name);
      return v === undefined ? fallback : Number(v);
    },
    list: (name, fallback) => value(name)?.split(',').map(Number) ?? fallback,
    texts: (name) => value(name)?.split(',') ?? [],
  };
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(
    `Deskpulse benchmarks (${quick ? 'quick' : 'full'}) on ${machine.cpu}, ${String(machine.cores)} cores, Node ${machine.node}`,
  );
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  await mkdir('bench-results', { recursive: true });
  const file = `bench-results/bench-${new Date().toISOString().replaceAll(':', '-')}.json`;
  let failed = 0;
  for (const suite of SUITES.filter((s) => only === undefined || only.includes(s.name))) {
    const start = Date.now();
    console.log(`… ${suite.name}`);
    try {
      const out = await suite.run(ctx);
      rows.push(...out.rows);
      results[suite.name] = out.result;
    } catch (error) {
      // One broken bench must not cost the others' figures: report it and go on.
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      rows.push({ suite: suite.name, measure: 'FAILED', value: message, goal: '' });
      results[suite.name] = { error: error instanceof Error ? error.stack : message };
    }
    console.log(`  ${suite.name} done in ${((Date.now() - start) / 1000).toFixed(0)} s`);
    // Written after every bench, so a long run that is stopped keeps what it measured.
    await writeFile(file, JSON.stringify({ machine, quick, args, rows, results }, null, 2));
  }
  console.table(rows);
  console.log(`written ${file}`);
  if (failed > 0) process.exitCode = 1;
}

await run();

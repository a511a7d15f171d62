import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { LocalDate } from '../../src/domain/index.js';
import { LOOKBACK_DAYS, localDayRange, rollupDay } from '../../src/services/pipeline/rollup-day.js';
import type * as RollupSpan from '../../src/services/pipeline/rollup-span.js';
import { openStore } from '../../src/store/index.js';
import type { StoredTicketMetrics, TicketMetricsQuery } from '../../src/store/store.js';

/** What the parent asks a measuring process to do. */
export interface SpanJob {
  databaseUrl: string;
  schema: string;
  installationId: string;
  /** The claimed days, rolled up as one `rollups.drain` claim does. */
  days: LocalDate[];
  now: number;
  /**
   * `doc-cost`: the heap that the documents of the claim's created-at window take once read;
   * `span`: the claim's re-roll itself (rollup-pending.ts's loop), with `spanModule` (a compiled
   * rollup-span.js; this build's when absent) so another build's span can be measured alike.
   */
  mode: 'doc-cost' | 'span';
  spanModule?: string;
}

/** A measuring process's figures (MB unless named otherwise). */
export interface SpanFigures {
  baselineRssMb: number;
  peakRssMb: number;
  /** The largest V8 heap in use, sampled every 20 ms and after every day. */
  maxHeapUsedMb: number;
  seconds: number;
  /** `span`: a hash of every rollup written, in order (two builds must agree). */
  digest: string;
  /** `span`: the most heap a built span retained (after a full GC, over the heap before). */
  spanHeldMb: number;
  /** `doc-cost`: documents read and the heap they retain each (bytes), and their JSON size. */
  docs: number;
  heapBytesPerDoc: number;
  jsonBytesPerDoc: number;
}

const MB = 1024 * 1024;

/**
 * Runs one job in a fresh `node --expose-gc` process holding nothing else (the bench's set-up
 * data stays in the parent), so its peak RSS is the job's. The parent must have compiled this file.
 */
export async function runSpanChild(job: SpanJob): Promise<SpanFigures> {
  const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stdin.end(JSON.stringify(job));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the rollup-span process exited with ${String(code)}`);
  return JSON.parse(out) as SpanFigures;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += (chunk as Buffer).toString('utf8');
  const job = JSON.parse(input) as SpanJob;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the rollup-span process needs --expose-gc');
  const store = await openStore({ databaseUrl: job.databaseUrl, schema: job.schema });
  try {
    let maxHeapUsed = 0;
    const sample = () => {
      maxHeapUsed = Math.max(maxHeapUsed, process.memoryUsage().heapUsed);
    };
    const timer = setInterval(sample, 20);
    gc();
    const baselineRssMb = process.memoryUsage().rss / MB;
    const started = performance.now();
    const figures = { digest: '', spanHeldMb: 0, docs: 0, heapBytesPerDoc: 0, jsonBytesPerDoc: 0 };
    const heapUsed = () => process.memoryUsage().heapUsed;
    const heapBefore = heapUsed();
    if (job.mode === 'span') {
      const hash = createHash('sha256');
      const span = (await import(
        job.spanModule ??
          new URL('../../src/services/pipeline/rollup-span.js', import.meta.url).href
      )) as typeof RollupSpan;
      const deps = { store, reportingTimeZone: 'UTC', now: () => job.now };
      for (const run of span.consecutiveRuns(job.days, 'UTC')) {
        const spanned = await span.spanStore(store, job.installationId, run, 'UTC');
        gc();
        figures.spanHeldMb = Math.max(figures.spanHeldMb, (heapUsed() - heapBefore) / MB);
        for (const day of run) {
          const rollups = await rollupDay(
            { ...deps, store: spanned },
            {
              installationId: job.installationId,
              day,
            },
          );
          hash.update(JSON.stringify(rollups));
          sample();
        }
      }
      figures.digest = hash.digest('hex');
    } else {
      Object.assign(figures, await docCost(store, job, gc));
    }
    const seconds = (performance.now() - started) / 1000;
    sample();
    clearInterval(timer);
    const result: SpanFigures = {
      baselineRssMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      maxHeapUsedMb: maxHeapUsed / MB,
      seconds,
      ...figures,
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    await store.close();
  }
}

/** Reads the claim's created-at window (with the look-back) as the span does, and weighs it. */
async function docCost(
  store: Awaited<ReturnType<typeof openStore>>,
  job: SpanJob,
  gc: () => void,
): Promise<{ docs: number; heapBytesPerDoc: number; jsonBytesPerDoc: number }> {
  const first = job.days[0];
  const last = job.days.at(-1);
  if (first === undefined || last === undefined) throw new Error('no days to weigh');
  const to = localDayRange(last, 'UTC').to;
  const from = localDayRange(first, 'UTC').from - LOOKBACK_DAYS * 86_400_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  const docs: StoredTicketMetrics[] = [];
  let after: string | undefined;
  for (;;) {
    const query: TicketMetricsQuery = { field: 'created_at', from, to, limit: 5_000 };
    if (after !== undefined) query.afterTicketId = after;
    const rows = await store.queryTicketMetrics(job.installationId, query);
    docs.push(...rows);
    if (rows.length < query.limit) break;
    after = rows.at(-1)?.metrics.ticketId;
  }
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  let json = 0;
  for (const doc of docs) json += Buffer.byteLength(JSON.stringify(doc));
  return {
    docs: docs.length,
    heapBytesPerDoc: heap / docs.length,
    jsonBytesPerDoc: json / docs.length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

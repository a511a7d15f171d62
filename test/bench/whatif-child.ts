import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { WhatIfReport, WhatIfRequest } from '../../src/services/whatif/contracts.js';
import { whatIf } from '../../src/services/whatif/what-if.js';
import { openStore } from '../../src/store/index.js';

/** What the parent asks a replay process to do. */
interface ReplayJob {
  databaseUrl: string;
  schema: string;
  installationId: string;
  request: WhatIfRequest;
  now: number;
}

/** One what-if replay in a process of its own, and its memory. */
export interface IsolatedReplay {
  seconds: number;
  /** Resident memory after the store was opened, before the replay (MB). */
  baselineRssMb: number;
  /** The process's peak resident memory (MB): the replay's, with Node and the store's pool. */
  peakRssMb: number;
  /** The largest V8 heap in use and ArrayBuffer memory seen, sampled every 50 ms (MB). */
  maxHeapUsedMb: number;
  maxArrayBuffersMb: number;
  report: WhatIfReport;
}

const MB = 1024 * 1024;

/**
 * Replays in a fresh `node` process that holds nothing else (the bench's own load data stays in
 * the bench process), so its peak RSS is the replay's. The parent must have compiled this file.
 */
export async function replayInChild(job: ReplayJob): Promise<IsolatedReplay> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stdin.end(JSON.stringify(job));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the replay process exited with ${String(code)}`);
  return JSON.parse(out) as IsolatedReplay;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += (chunk as Buffer).toString('utf8');
  const job = JSON.parse(input) as ReplayJob;
  const store = await openStore({ databaseUrl: job.databaseUrl, schema: job.schema });
  try {
    let maxHeapUsed = 0;
    let maxArrayBuffers = 0;
    const sample = () => {
      const m = process.memoryUsage();
      maxHeapUsed = Math.max(maxHeapUsed, m.heapUsed);
      maxArrayBuffers = Math.max(maxArrayBuffers, m.arrayBuffers);
    };
    const timer = setInterval(sample, 50);
    const baselineRssMb = process.memoryUsage().rss / MB;
    const started = performance.now();
    const report = await whatIf(
      { store, reportingTimeZone: 'UTC', now: () => job.now },
      job.installationId,
      job.request,
    );
    const seconds = (performance.now() - started) / 1000;
    sample();
    clearInterval(timer);
    const result: IsolatedReplay = {
      seconds,
      baselineRssMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      maxHeapUsedMb: maxHeapUsed / MB,
      maxArrayBuffersMb: maxArrayBuffers / MB,
      report,
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    await store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

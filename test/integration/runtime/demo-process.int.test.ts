import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli } from '../../support/worker-process.js';

const ROOT = new URL('../../../', import.meta.url);

/** `deskpulse demo` as its own process group (as a terminal or a supervisor runs it), non-TTY. */
interface DemoProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

let work: string;
const running: DemoProcess[] = [];

function spawnDemo(tmp: string, tickets: number): DemoProcess {
  let stdout = '';
  let stderr = '';
  // TMPDIR: the demo's temporary folder goes where the test can look for leftovers.
  const child = spawn(
    process.execPath,
    ['bin/deskpulse.js', 'demo', '--tickets', String(tickets), '--port', '0', '--no-live'],
    {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env['PATH'] ?? '', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const demo = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>,
  };
  running.push(demo);
  return demo;
}

/** Signals the demo's whole process group, as Ctrl-C in a terminal or `kill -- -PGID` does. */
function signalGroup(demo: DemoProcess, signal: NodeJS.Signals): void {
  process.kill(-(demo.child.pid ?? 0), signal);
}

async function leftovers(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith('deskpulse-demo-'));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deskpulse-demo-test-'));
  await buildCli();
  // The demo serves the built app, as `npm run demo` builds it first.
  await promisify(execFile)('npm', ['run', '--silent', 'plugin:build'], { cwd: ROOT });
}, 180_000);

afterEach(async () => {
  for (const demo of running.splice(0)) {
    if (demo.child.exitCode !== null || demo.child.signalCode !== null) continue;
    signalGroup(demo, 'SIGKILL');
    await demo.exited;
  }
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('deskpulse demo as a process', () => {
  it('in a log: stage lines, one SLA warning, a closing summary; SIGTERM to the group removes its folder', async () => {
    const tmp = await mkdtemp(join(work, 'ready-'));
    const demo = spawnDemo(tmp, 120);
    await vi.waitFor(
      () => {
        expect(demo.child.exitCode, demo.stderr()).toBeNull();
        expect(demo.stdout()).toContain('Deskpulse demo is running');
      },
      { timeout: 240_000, interval: 500 },
    );
    const lines = demo.stderr().split('\n');
    const stageLines = lines.filter((l) => l.startsWith('tickets: '));
    // Not one "waiting" line: a line as each stage starts and ends, and the final counts.
    expect(stageLines.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).not.toContain('\r');
    const final =
      /^tickets: ([\d,]+) done \| events: ([\d,]+) done \| ratings: ([\d,]+) done$/.exec(
        stageLines.at(-1) ?? '',
      );
    expect(final, stageLines.join('\n')).not.toBeNull();
    const [tickets, events, ratings] = (final ?? [])
      .slice(1)
      .map((n) => Number(n.replace(/,/g, '')));
    const summary =
      /^done: ([\d,]+) tickets, ([\d,]+) events, ([\d,]+) ratings read; ([\d,]+) tickets analysed; business hours: (\d+)% of ([\d,]+) resolved$/.exec(
        lines.find((l) => l.startsWith('done: ')) ?? '',
      );
    expect(summary, demo.stderr()).not.toBeNull();
    const numbers = (summary ?? []).slice(1).map((n) => Number(n.replace(/,/g, '')));
    expect(numbers.slice(0, 3)).toEqual([tickets, events, ratings]);
    const [, , , analysed, percent, resolved] = numbers;
    expect(tickets).toBeGreaterThan(100);
    // Every ticket read is analysed (the demo is ready only once analysis is idle).
    expect(analysed).toBe(tickets);
    expect(resolved).toBeGreaterThan(0);
    expect(resolved).toBeLessThanOrEqual(analysed ?? 0);
    expect(percent).toBeGreaterThan(0);
    // The simulator's SLA policy has a metric the engine skips: said once, not per connector.
    expect(lines.filter((l) => l.includes('is not measured; skipped'))).toHaveLength(1);
    expect(await leftovers(tmp)).toHaveLength(1);

    signalGroup(demo, 'SIGTERM');
    const [code] = await demo.exited;
    expect(code).toBe(0);
    expect(await leftovers(tmp)).toEqual([]);
  }, 300_000);

  it('SIGINT to the group during start-up: acknowledged at once, gone with its folder within seconds', async () => {
    const tmp = await mkdtemp(join(work, 'startup-'));
    const demo = spawnDemo(tmp, 3000);
    await vi.waitFor(
      () => {
        expect(demo.child.exitCode, demo.stderr()).toBeNull();
        expect(demo.stderr()).toContain('data in');
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(await leftovers(tmp)).toHaveLength(1);
    const signalledAt = Date.now();
    signalGroup(demo, 'SIGINT');
    await vi.waitFor(
      () => {
        expect(demo.stderr()).toContain('SIGINT, stopping');
      },
      { timeout: 3_000, interval: 50 },
    );
    const [code] = await demo.exited;
    // The grace period (5 s) plus a loaded machine's slack; opening PGlite alone takes longer.
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(code).toBe(0);
    expect(await leftovers(tmp)).toEqual([]);
  }, 120_000);
});

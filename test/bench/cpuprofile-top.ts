import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

/** The parts of V8's .cpuprofile (written by `node --cpu-prof`) this reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * `node dist/test/bench/cpuprofile-top.js FILE.cpuprofile [N] [AFTER]`: the N functions with the
 * most self time (time on top of the stack), aggregated over every call site, with their share.
 * With AFTER (a function name), samples before the first one inside that function are skipped,
 * so a set-up phase (generating the data) stays out while GC during the measured work stays in.
 */
async function main(): Promise<void> {
  const [file, top = '15', after] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: cpuprofile-top FILE.cpuprofile [N] [AFTER]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const parentOf = new Map<number, number>();
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    nameOf.set(node.id, node.callFrame.functionName);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const inside = (nodeId: number): boolean => {
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id))
      if (nameOf.get(id) === after) return true;
    return false;
  };
  let started = after === undefined;
  const frameOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const { url } = callFrame;
    const where = url.startsWith('file:') ? relative(process.cwd(), new URL(url).pathname) : url;
    const name = callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName;
    frameOf.set(id, where === '' ? name : `${name} ${where}:${String(callFrame.lineNumber + 1)}`);
  }
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, i) => {
    started ||= inside(nodeId);
    if (!started) return;
    // A sample's delta is the time since the previous sample, spent in this sample's top frame.
    const us = profile.timeDeltas[i] ?? 0;
    const frame = frameOf.get(nodeId) ?? '(unknown)';
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + us);
    totalUs += us;
  });
  const rows = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  console.log(`total ${(totalUs / 1e6).toFixed(2)} s sampled`);
  for (const [frame, us] of rows) {
    console.log(
      `${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${frame}`,
    );
  }
}

await main();

import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { areaOfUrl } from './profile-areas.js';

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
 * most self time (time on top of the stack), aggregated over every call site, with their share
 * of all samples and of the busy ones (all but `(idle)`: a worker waiting on PostgreSQL is idle,
 * so only the busy share says where its CPU goes); then the busy time by area (npm package or
 * source folder, or a native's own name), the top N of each. With AFTER (a function name), samples before the first one inside that
 * function are skipped, so a set-up phase (generating the data) stays out while GC during the
 * measured work stays in.
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
  const areaOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const { url } = callFrame;
    const where = url.startsWith('file:') ? relative(process.cwd(), new URL(url).pathname) : url;
    const name = callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName;
    frameOf.set(id, where === '' ? name : `${name} ${where}:${String(callFrame.lineNumber + 1)}`);
    areaOf.set(id, areaOfUrl(where, name));
  }
  const selfUs = new Map<string, number>();
  const areaUs = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((nodeId, i) => {
    started ||= inside(nodeId);
    if (!started) return;
    // A sample's delta is the time since the previous sample, spent in this sample's top frame.
    const us = profile.timeDeltas[i] ?? 0;
    const frame = frameOf.get(nodeId) ?? '(unknown)';
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + us);
    totalUs += us;
    if (frame === '(idle)') idleUs += us;
    else {
      const area = areaOf.get(nodeId) ?? '(unknown)';
      areaUs.set(area, (areaUs.get(area) ?? 0) + us);
    }
  });
  const busyUs = totalUs - idleUs;
  const share = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
  const line = (us: number, what: string) =>
    `${share(us, totalUs)}  ${us === idleUs && what === '(idle)' ? '     -' : share(us, busyUs)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${what}`;
  console.log(
    `total ${(totalUs / 1e6).toFixed(2)} s sampled, ${(busyUs / 1e6).toFixed(2)} s busy (not idle)`,
  );
  console.log(' of all  of busy     self  frame');
  const rows = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  for (const [frame, us] of rows) console.log(line(us, frame));
  console.log(' of all  of busy     self  area');
  const areas = [...areaUs].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  for (const [area, us] of areas) console.log(line(us, area));
}

await main();

import { groupTexts } from '../../src/metrics/text-groups.js';
import { generateTicket, type GeneratorSpec } from '../../src/simulator/generator.js';
import { population } from '../../src/simulator/catalog.js';
import { adjustedRandIndex } from '../support/adjusted-rand.js';

/**
 * How well the text grouping recovers the simulator's known problems on a large data set:
 * `node dist/test/bench/text-groups-ari.js [tickets] [seed]` (default 20,000 tickets, seed 18). Prints the adjusted Rand
 * index against the true problem and against problem × language, the group count and the time
 * (wall and CPU).
 */
const tickets = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? 18);
const spec: GeneratorSpec = {
  tickets,
  seed,
  startMs: Date.UTC(2026, 0, 1),
  endMs: Date.UTC(2026, 11, 1),
  idOffset: 0,
  population: population(tickets, seed, Date.UTC(2026, 0, 1)),
};
const sims = Array.from({ length: tickets }, (_, i) => generateTicket(spec, i));
const started = performance.now();
const cpuStarted = process.cpuUsage();
const grouping = groupTexts(
  sims.map((s) => ({ id: String(s.id), text: `${s.subject}\n${s.firstMessage}` })),
);
const ms = performance.now() - started;
// CPU time next to the wall time: on a shared machine the wall time mostly measures the others.
const cpu = process.cpuUsage(cpuStarted);
const found = sims.map((s) => grouping.groupOf.get(String(s.id)) ?? null);
const byProblem = adjustedRandIndex(
  sims.map((s) => s.problem.id),
  found,
);
const byProblemLanguage = adjustedRandIndex(
  sims.map((s) => `${s.problem.id}/${s.problem.language}`),
  found,
);
console.log(
  JSON.stringify(
    {
      tickets,
      groups: grouping.groups.length,
      ungrouped: found.filter((f) => f === null).length,
      ariProblem: Number(byProblem.toFixed(4)),
      ariProblemLanguage: Number(byProblemLanguage.toFixed(4)),
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      top: grouping.groups
        .slice(0, 30)
        .map((g) => `${g.id} ${g.memberIds.length} ${g.terms.join(',')}`),
    },
    null,
    1,
  ),
);

/**
 * The sidebar bench's load generator, a process of its own so it never shares the server's event
 * loop. Open loop at a constant rate: request i is due at start + i / rate and its latency counts
 * from then, not from when a socket was free, so a slow server cannot hide its queueing
 * (coordinated omission). Each request asks for a random stored requester over keep-alive
 * connections. Reads SIDEBAR_BENCH (JSON) and prints the result as JSON on stdout.
 */
import http from 'node:http';

interface ClientSettings {
  url: string;
  secret: string;
  requesters: number;
  rate: number;
  seconds: number;
  connections: number;
}

const settings = JSON.parse(process.env['SIDEBAR_BENCH'] ?? '{}') as ClientSettings;
const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
const total = Math.round(settings.rate * settings.seconds);
const latencies: number[] = [];
/** How late the generator itself sent each request (its own event loop, descheduling), ms. */
const lateness: number[] = [];
/** Seconds into the run in which a request took over 15 ms: one stall or a spread of them. */
const slowSeconds = new Set<number>();
const SLOW_MS = 15;
const statusCodes: Record<string, number> = {};
let errors = 0;

const send = (dueAt: number): Promise<void> =>
  new Promise((resolve) => {
    const id = 1 + Math.floor(Math.random() * (settings.requesters - 1));
    const request = http.get(
      `${settings.url}/api/v1/requesters/${String(id)}/context`,
      { agent, headers: { authorization: `Bearer ${settings.secret}` } },
      (response) => {
        response.resume();
        response.on('end', () => {
          const latency = performance.now() - dueAt;
          latencies.push(latency);
          if (latency > SLOW_MS) slowSeconds.add(Math.floor((dueAt - start) / 1000));
          const status = String(response.statusCode);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          resolve();
        });
      },
    );
    request.on('error', () => {
      errors += 1;
      resolve();
    });
  });

const start = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i += 1) {
  const dueAt = start + (i * 1000) / settings.rate;
  const wait = dueAt - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  lateness.push(Math.max(0, performance.now() - dueAt));
  inFlight.push(send(dueAt));
}
await Promise.all(inFlight);
agent.destroy();
latencies.sort((a, b) => a - b);
lateness.sort((a, b) => a - b);
const cpu = process.cpuUsage();
const pick = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
const at = (p: number) => pick(latencies, p);
process.stdout.write(
  JSON.stringify({
    requests: latencies.length + errors,
    elapsedSeconds: (performance.now() - start) / 1000,
    statusCodes,
    errors,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    sendLateP99Ms: pick(lateness, 0.99),
    sendLateMaxMs: lateness.at(-1) ?? NaN,
    slowSeconds: [...slowSeconds].sort((a, b) => a - b),
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);

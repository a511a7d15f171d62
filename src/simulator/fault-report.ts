import type { Request } from 'express';

/** Every fault kind the simulator serves (the keys of `SimulatorFaults`). */
export const FAULT_KINDS = [
  'rateLimitStorm',
  'serverErrors',
  'dropConnection',
  'slowResponseMs',
  'duplicateEvents',
  'outOfOrderEvents',
  'malformedRecords',
  'schemaDrift',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Why a 429 was served: the account budget, the incremental-export budget, or a simulated storm. */
export type RateLimitCause = 'budget' | 'exportsBudget' | 'storm';

/** What one route (method and path, ids as `:id`) was served. */
export interface RouteFaults {
  requests: number;
  faults: Partial<Record<FaultKind, number>>;
  rateLimited: number;
}

/** What `GET /__faults` answers and `deskpulse simulator` prints at exit. */
export interface FaultReport {
  /** Requests to `/api/v2` (the Zendesk surface), whatever their answer. */
  requests: number;
  /** Faults served per kind; a record fault counts each time a faulty record is served. */
  faults: Record<FaultKind, number>;
  /** 429s served, in all and per cause (a storm's 429 also counts under `faults.rateLimitStorm`). */
  rateLimited: Record<RateLimitCause | 'total', number>;
  /** Per route, in first-seen order. */
  routes: Record<string, RouteFaults>;
}

/** Counts what the simulator serves; the guards and routes call it, `/__faults` reads it. */
export interface FaultLog {
  request(req: Request): void;
  fault(kind: FaultKind, req: Request, count?: number): void;
  rateLimited(cause: RateLimitCause, req: Request): void;
  report(): FaultReport;
}

/** `GET /api/v2/tickets/:id/audits.json` for `/api/v2/tickets/12/audits.json`: ids never split a route. */
export function routeOf(req: Request): string {
  const path = `${req.baseUrl}${req.path}`.replace(/\/\d+(?=\.json$|\/|$)/g, '/:id');
  return `${req.method} ${path}`;
}

export function createFaultLog(): FaultLog {
  let requests = 0;
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const rateLimited = { total: 0, budget: 0, exportsBudget: 0, storm: 0 };
  const routes = new Map<string, RouteFaults>();
  const routeEntry = (req: Request): RouteFaults => {
    const key = routeOf(req);
    let entry = routes.get(key);
    if (entry === undefined) {
      entry = { requests: 0, faults: {}, rateLimited: 0 };
      routes.set(key, entry);
    }
    return entry;
  };
  return {
    request(req) {
      requests += 1;
      routeEntry(req).requests += 1;
    },
    fault(kind, req, count = 1) {
      if (count <= 0) return;
      faults[kind] += count;
      const entry = routeEntry(req);
      entry.faults[kind] = (entry.faults[kind] ?? 0) + count;
    },
    rateLimited(cause, req) {
      rateLimited.total += 1;
      rateLimited[cause] += 1;
      routeEntry(req).rateLimited += 1;
    },
    report: () => ({
      requests,
      faults: { ...faults },
      rateLimited: { ...rateLimited },
      // Copies, so a report handed out does not change under its reader.
      routes: Object.fromEntries(
        [...routes].map(([key, r]) => [key, { ...r, faults: { ...r.faults } }]),
      ),
    }),
  };
}

/** The summary `deskpulse simulator` prints when it stops: one line per fault kind served, then per route. */
export function formatFaultReport(report: FaultReport): string {
  const { rateLimited: limited } = report;
  const lines = [
    `Faults served over ${report.requests} API requests:`,
    `  429s: ${limited.total} (budget ${limited.budget}, export budget ${limited.exportsBudget}, storm ${limited.storm})`,
  ];
  for (const kind of FAULT_KINDS) {
    if (report.faults[kind] > 0) lines.push(`  ${kind}: ${report.faults[kind]}`);
  }
  for (const [route, r] of Object.entries(report.routes)) {
    const served = Object.entries(r.faults).map(([kind, n]) => `${kind} ${n}`);
    if (r.rateLimited > 0) served.unshift(`429 ${r.rateLimited}`);
    if (served.length > 0) lines.push(`  ${route}: ${r.requests} requests; ${served.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

import { customerOrganization, organizationAt, population } from './catalog.js';
import { churnPlan } from './churn-plan.js';
import {
  FIELD_IDS,
  MAX_LIFETIME_MS,
  baseUpdatedAt,
  createdAtOf,
  firstIndexUpdatedFrom,
  generateTicket,
  type GeneratorSpec,
} from './generator.js';
import { snapshotOf, type SimSnapshot, type SimTicket, type SimUpdate } from './model.js';
import type { PlantedEffect } from './planted-effect.js';
import { chance, createRandom } from './prng.js';
import { addNextUpdate } from './script.js';
import { applyTicketChange, type TicketChange } from './ticket-change.js';
import { truthOf, type TicketTruth } from './truth.js';
import { expectedAgreementReasons, type ExpectedAgreementReasons } from './zendesk-metric-set.js';

/** Record-level faults, fixed per record so the ground truth can name them. */
export interface RecordFaultOptions {
  malformedRecords?: { probability: number };
  schemaDrift?: { probability: number };
}

/** Options of {@link createDataset}. */
export interface DatasetOptions {
  tickets: number;
  seed: number;
  /** Start of the window over which tickets are updated, epoch ms. */
  start: number;
  /** End of that window (default: start + 366 days); keep it before the simulator's `now`. */
  end?: number;
  /** Added to ticket ids (ticket index i has id idOffset + i + 1). */
  idOffset?: number;
  faults?: RecordFaultOptions;
  /** A known effect for cohort comparisons (planted-effect.ts). */
  plantedEffect?: PlantedEffect;
  /** Plant churning organisations whose tickets degrade before they churn (churn-plan.ts). */
  churn?: boolean;
}

/** A record the connector is expected to quarantine. */
export interface QuarantineEntry {
  stream: 'tickets' | 'ticket_events';
  sourceId: string;
}

/** A ticket with its state replayed. */
export interface LoadedTicket {
  sim: SimTicket;
  snap: SimSnapshot;
}

/** One update located in time, for the ticket-events export. */
export interface LocatedUpdate {
  ticket: SimTicket;
  update: SimUpdate;
}

// Consecutive event pages revisit every ticket alive across their window: about 15k at a
// million tickets a year, so the cache holds several windows (measured: ~180 MB RSS at 1M, and
// event pages 3–5x faster than with 10k entries, which thrashed).
const CACHE_LIMIT = 50_000;

/** The generated data set; see {@link createDataset}. */
export type Dataset = ReturnType<typeof createDataset>;

/**
 * A deterministic, streaming data set: tickets are generated on demand from (seed, index); only
 * mutated tickets and a small cache are kept in memory.
 */
export function createDataset(options: DatasetOptions) {
  const spec: GeneratorSpec = {
    tickets: options.tickets,
    seed: options.seed,
    startMs: options.start,
    endMs: options.end ?? options.start + 366 * 86_400_000,
    idOffset: options.idOffset ?? 0,
    population: population(options.tickets, options.seed, options.start),
    ...(options.plantedEffect === undefined ? {} : { plantedEffect: options.plantedEffect }),
  };
  if (options.churn === true) {
    const pop = spec.population;
    pop.churn = churnPlan(spec.seed, pop.organizations, organizationAt(pop, 0).id, spec, {
      count: pop.customers,
      organizationOf: (c) => customerOrganization(pop, c),
    });
  }
  const mutated = new Map<number, SimTicket>();
  // The tickets export's tail: one entry per mutation, in time order.
  const mutationLog: { index: number; at: number }[] = [];
  const cache = new Map<number, LoadedTicket>();

  function ticket(index: number): LoadedTicket {
    const hit = cache.get(index);
    if (hit !== undefined) {
      // Re-insert so the Map's order is least recently used first.
      cache.delete(index);
      cache.set(index, hit);
      return hit;
    }
    const sim = mutated.get(index) ?? generateTicket(spec, index);
    const loaded = { sim, snap: snapshotOf(sim, FIELD_IDS) };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? index);
    cache.set(index, loaded);
    return loaded;
  }

  function recordFault(
    stream: QuarantineEntry['stream'],
    sourceId: number,
  ): 'malformed' | 'drift' | null {
    const malformed = options.faults?.malformedRecords?.probability ?? 0;
    const drift = options.faults?.schemaDrift?.probability ?? 0;
    if (malformed > 0 && chance(spec.seed, 'malformed', stream, sourceId) < malformed)
      return 'malformed';
    if (drift > 0 && chance(spec.seed, 'drift', stream, sourceId) < drift) return 'drift';
    return null;
  }

  function quarantineOf(sim: SimTicket): QuarantineEntry[] {
    const out: QuarantineEntry[] = [];
    if (recordFault('tickets', sim.id) !== null)
      out.push({ stream: 'tickets', sourceId: String(sim.id) });
    for (const u of sim.updates) {
      if (recordFault('ticket_events', u.id) !== null)
        out.push({ stream: 'ticket_events', sourceId: String(u.id) });
    }
    return out;
  }

  return {
    spec,
    population: spec.population,
    size: spec.tickets,
    ticket,
    recordFault,
    /** Ticket index of a ticket id, or null when out of range. */
    indexOfId(id: number): number | null {
      const index = id - spec.idOffset - 1;
      return Number.isInteger(index) && index >= 0 && index < spec.tickets ? index : null;
    },
    /**
     * Expected normalised ticket and events, the records of it a connector must quarantine, and
     * the reasons its metrics differ from its metric set (zendesk-metric-set.ts).
     */
    truth(index: number): TicketTruth & {
      quarantine: QuarantineEntry[];
      agreement: ExpectedAgreementReasons;
    } {
      const { sim, snap } = ticket(index);
      return {
        ...truthOf(sim, snap),
        quarantine: quarantineOf(sim),
        agreement: expectedAgreementReasons(spec.seed, sim, snap),
      };
    },
    /** Positions of the tickets export: base tickets in index order, then one per mutation. */
    positionCount: () => spec.tickets + mutationLog.length,
    positionUpdatedAt(p: number): number {
      return p < spec.tickets
        ? baseUpdatedAt(spec, p)
        : (mutationLog[p - spec.tickets]?.at ?? Infinity);
    },
    /** Ticket index served at position p, or null when a later position serves it instead. */
    indexAtPosition(p: number): number | null {
      if (p < spec.tickets) return mutated.has(p) ? null : p;
      const entry = mutationLog[p - spec.tickets];
      if (entry === undefined) return null;
      const later = mutationLog.slice(p - spec.tickets + 1).some((e) => e.index === entry.index);
      return later ? null : entry.index;
    },
    firstPositionFrom(ms: number): number {
      const p = firstIndexUpdatedFrom(spec, ms);
      if (p < spec.tickets) return p;
      const k = mutationLog.findIndex((e) => e.at >= ms);
      return k < 0 ? spec.tickets + mutationLog.length : spec.tickets + k;
    },
    /**
     * Updates at or after `fromMs` and at or before `toMs`, ordered by (time, id): at most `limit`
     * plus any sharing the last second, `more` when some were left, and the latest earlier update
     * seen (for the duplicate-events fault).
     */
    updatesFrom(fromMs: number, toMs: number, limit: number) {
      const found: LocatedUpdate[] = [];
      let earlier: LocatedUpdate | null = null;
      let bound = toMs;
      const consider = (sim: SimTicket) => {
        for (const update of sim.updates) {
          if (update.at >= fromMs && update.at <= bound) found.push({ ticket: sim, update });
          else if (update.at < fromMs && (earlier === null || update.at > earlier.update.at))
            earlier = { ticket: sim, update };
        }
      };
      const tighten = () => {
        found.sort(byTimeThenId);
        if (found.length <= limit) return;
        bound = Math.min(bound, found[limit]?.update.at ?? bound);
        // Drop what the tighter bound excludes, so later sorts stay small.
        let keep = found.length;
        while (keep > 0 && (found[keep - 1]?.update.at ?? 0) > bound) keep -= 1;
        found.length = keep;
      };
      for (let j = firstIndexUpdatedFrom(spec, fromMs); j < spec.tickets; j += 1) {
        // Tickets live at most MAX_LIFETIME_MS, so later indexes cannot hold earlier updates.
        if (baseUpdatedAt(spec, j) - MAX_LIFETIME_MS > bound) break;
        if (mutated.has(j) || createdAtOf(spec, j) > bound) continue;
        consider(ticket(j).sim);
        if (found.length > limit * 2) tighten();
      }
      for (const sim of mutated.values()) consider(sim);
      tighten();
      const kept = found.filter((f) => f.update.at <= bound);
      const last = kept[Math.min(limit, kept.length) - 1];
      const cut =
        last === undefined
          ? []
          : kept.filter((f, k) => k < limit || f.update.at === last.update.at);
      // Tightening the bound may have hidden later updates, so "more" errs towards another page.
      return {
        updates: cut,
        more: cut.length < found.length || bound < toMs,
        earlier: earlier as LocatedUpdate | null,
      };
    },
    /**
     * Adds an update to ticket `index` at `atMs` (raised to stay after its last update and after
     * earlier mutations) and returns it, or null when the ticket takes no updates: `change` when
     * given (null too when it changes nothing), else a realistic next update.
     */
    mutate(
      index: number,
      atMs: number,
      change?: TicketChange,
    ): { update: SimUpdate; ticket: LoadedTicket } | null {
      const current = ticket(index);
      const sim: SimTicket = { ...current.sim, updates: [...current.sim.updates] };
      // After the ticket's own last update, and never before an earlier mutation: the tickets
      // export serves mutations in log order, which must also be time order.
      const at = Math.max(
        Math.floor(atMs / 1000) * 1000,
        (sim.updates.at(-1)?.at ?? 0) + 1000,
        mutationLog.at(-1)?.at ?? 0,
        spec.endMs,
      );
      const random = createRandom(spec.seed, 'mutation', index, sim.updates.length);
      const state = snapshotOf(sim, FIELD_IDS);
      const added =
        change === undefined
          ? addNextUpdate(random, sim, state, at, false)
          : applyTicketChange(sim, state, at, change);
      if (!added) return null;
      mutated.set(index, sim);
      cache.delete(index);
      mutationLog.push({ index, at });
      const update = sim.updates.at(-1);
      if (update === undefined) return null;
      return { update, ticket: ticket(index) };
    },
  };
}

function byTimeThenId(a: LocatedUpdate, b: LocatedUpdate): number {
  return a.update.at - b.update.at || a.update.id - b.update.id;
}

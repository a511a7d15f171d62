import { loadavg } from 'node:os';
import { AGREEMENT_REASONS } from '../../src/metrics/agreement-reasons.js';
import { agreementDrilldown } from '../../src/services/agreement/agreement-report.js';
import {
  AGREEMENT_RANGE,
  agreementTable,
  matchesTruth,
  runAgreementScenario,
} from '../support/agreement-scenario.js';

/** What the agreement check measured. */
export interface AgreementBenchResult {
  tickets: number;
  compared: number;
  comparisons: number;
  unexplained: number;
  unexplainedShare: number | null;
  /** Differences whose reason is not the one the simulator truth names (unexplained ones included). */
  notTheTruth: number;
  reasonsSeen: string[];
  backfillSeconds: number;
  seconds: number;
  cpuSeconds: number;
  loadBefore: number[];
  loadAfter: number[];
  table: string;
}

/**
 * Issue 17's check: agreement with Zendesk over `tickets` simulator tickets with faults on
 * (agreement-scenario.ts: live reopens, a backfill, live deletions and an incremental sync, the
 * production pipeline in this process), printing the agreement table per metric and clock and the
 * unexplained share, and checking every difference's reason against the simulator truth.
 */
export async function benchAgreement(options: {
  databaseUrl: string;
  redisUrl: string;
  tickets: number;
}): Promise<AgreementBenchResult> {
  const loadBefore = loadavg();
  const cpu = process.cpuUsage();
  const scale = Math.max(1, Math.round(options.tickets / 400));
  const run = await runAgreementScenario({
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    tickets: options.tickets,
    reopen: 6 * Math.min(scale, 10),
    remove: 4 * Math.min(scale, 10),
    // Under a load of 25 on the shared 2 cores, 20,000 tickets' events took ~15 min to sync.
    timeoutMs: 300_000 + options.tickets * 100,
  });
  try {
    const { stack, report, truth } = run;
    const deps = { store: stack.store, reportingTimeZone: 'UTC' };
    const seen = new Set<string>();
    let notTheTruth = 0;
    const samples: string[] = [];
    for (const reason of AGREEMENT_REASONS) {
      let cursor: string | undefined;
      do {
        const page = await agreementDrilldown(deps, stack.installationId, {
          ...AGREEMENT_RANGE,
          reason,
          limit: 200,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const r of page.rows) {
          seen.add(reason);
          if (matchesTruth(truth.get(r.ticketId), r.metric, reason)) continue;
          notTheTruth += 1;
          if (samples.length < 20) {
            samples.push(
              `${r.ticketId} ${r.metric}/${r.clock}: ${reason} (ours ${String(r.ours)}, theirs ${String(r.theirs)})`,
            );
          }
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    }
    const used = process.cpuUsage(cpu);
    const table = agreementTable(report);
    console.log(`\nagreement, ${String(options.tickets)} simulator tickets, faults on`);
    console.log(table);
    console.log(
      `reasons seen: ${[...seen].join(', ')}; not the truth's reason: ${String(notTheTruth)}`,
    );
    if (samples.length > 0) console.log(samples.join('\n'));
    return {
      tickets: options.tickets,
      compared: report.tickets,
      comparisons: report.rows.reduce((sum, r) => sum + r.n, 0),
      unexplained: report.unexplained.count,
      unexplainedShare: report.unexplained.share,
      notTheTruth,
      reasonsSeen: [...seen],
      backfillSeconds: run.backfillSeconds,
      seconds: run.seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      loadBefore,
      loadAfter: loadavg(),
      table,
    };
  } finally {
    await run.stack.close();
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../../jobs/embedded.js';
import type { SlaPolicy } from '../../../src/domain/index.js';
import { slaOutcome } from '../../../src/metrics/sla.js';
import { updateSettings } from '../../../src/services/admin/installation-admin.js';
import { slaPolicyOf } from '../../../src/services/sidebar/settings.js';
import type { Comparison, WhatIfReport } from '../../../src/services/whatif/contracts.js';
import { whatIf } from '../../../src/services/whatif/what-if.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { GROUPS } from '../../../src/simulator/catalog.js';
import type { TicketStore } from '../../../src/store/store.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWhatIfCommand, whatIfCsv } from '../../../src/cli/what-if-command.js';
import { loadConfig } from '../../../src/config/env.js';
import { openStore } from '../../../src/store/index.js';
import { DATABASE_URL, newInstallation } from '../store/support.js';
import { simulatorConnector } from './support.js';
import { testSchema } from '../../support/test-schema.js';

const SINCE = Date.UTC(2023, 11, 1);
const NOW = Date.now();

/** Every row's current side equals its proposed side. */
function expectUnchanged(c: Comparison): void {
  for (const row of c.sla)
    expect(row.proposed, `${row.metric}/${String(row.priority)}`).toEqual(row.current);
  for (const row of c.durations) expect(row.proposed, row.metric).toEqual(row.current);
}

/** The test's own median (R type 7) of a list. */
function median(values: number[]): number | null {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const h = (s.length - 1) / 2;
  const lo = Math.floor(h);
  return (s[lo] ?? 0) + (h - lo) * ((s[lo + 1] ?? s[lo] ?? 0) - (s[lo] ?? 0));
}

/**
 * Issue 17, what-if replay over a whole simulator history (Zendesk SLA policy and schedules
 * imported, analysed by the embedded pipeline): today's settings as a proposal give back exactly
 * the stored values; a stricter policy flips tickets, and applying it (the settings change and
 * its re-analysis) stores exactly what the what-if said.
 */
describe('what-if replay over a simulator history on PostgreSQL', () => {
  const db = testSchema();
  const schema = db.name;
  let store: TicketStore;
  let sim: RunningSimulator;
  let jobs: EmbeddedJobs;
  let inst: string;
  const deps = () => ({ store, reportingTimeZone: 'UTC', now: () => NOW, batchSize: 97 });

  beforeAll(async () => {
    await db.create();
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    sim = await startSimulator({ tickets: 300, seed: 29, rateLimit: 'off' });
    inst = (await store.createInstallation(newInstallation())).id;
    jobs = startEmbeddedJobs({
      store,
      connectorFor: () => Promise.resolve(simulatorConnector(sim)),
      now: () => NOW,
      reportingTimeZone: 'UTC',
    });
    await jobs.producer.enqueue('tickets.sync', {
      installationId: inst,
      mode: 'backfill',
      since: SINCE,
    });
    await jobs.idle();
    expect(await jobs.failed()).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await jobs.close();
    await sim.close();
    await store.close();
    await db.drop();
  });

  const currentProposal = async () => {
    const installation = await store.getInstallation(inst);
    const policy = slaPolicyOf(installation?.settings ?? {});
    if (policy === null) throw new Error('the simulator account has an SLA policy');
    return { slaPolicy: policy, schedules: await store.listSchedules(inst) };
  };

  it("returns exactly today's stored values with today's settings, overall, per month and per slice", async () => {
    const report = await whatIf(deps(), inst, {
      proposal: await currentProposal(),
      slice: 'priority',
      flipLimit: 200,
    });
    expectUnchanged(report.overall);
    for (const m of report.months) expectUnchanged(m);
    for (const s of report.slices) expectUnchanged(s);
    expect(report.flips.total).toBe(0);

    // The current side against the stored rows, counted here by simple code.
    let achieved = 0;
    let breached = 0;
    let analysed = 0;
    const firstReplies: number[] = [];
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const stored = await store.getTicketMetrics(inst, sim.dataset.truth(i).ticket.id);
      if (stored !== null) analysed += 1;
      const business = stored?.metrics.firstReply.business;
      if (business !== null && business !== undefined) firstReplies.push(business);
      for (const times of stored?.dims.sla ?? []) {
        const o = slaOutcome(times, NOW);
        if (o?.achieved === true) achieved += 1;
        if (o?.achieved === false) breached += 1;
      }
    }
    expect(analysed).toBeGreaterThan(250);
    // The batch analysis packed every analysed timeline, so the replay above read the packs.
    const packs = await db.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${schema}.ticket_timeline_packs`,
    );
    expect(packs[0]?.n).toBe(analysed);
    expect(report.overall.tickets).toBe(analysed);
    expect(report.months.reduce((n, m) => n + m.tickets, 0)).toBe(analysed);
    const rows = report.overall.sla;
    expect(rows.reduce((n, r) => n + r.current.achieved, 0)).toBe(achieved);
    expect(rows.reduce((n, r) => n + r.current.breached, 0)).toBe(breached);
    expect(achieved).toBeGreaterThan(0);
    expect(breached).toBeGreaterThan(0);
    const frt = report.overall.durations.find((d) => d.metric === 'first_reply');
    expect(frt?.current.n).toBe(firstReplies.length);
    expect(frt?.current.median).toBeCloseTo(median(firstReplies) ?? NaN, 6);
  }, 60_000);

  it('names each group slice as the helpdesk does, over that group’s own tickets', async () => {
    const report = await whatIf(deps(), inst, {
      proposal: await currentProposal(),
      slice: 'group',
      flipLimit: 0,
    });
    // The simulator's own directory and ground truth, not the pipeline's stored copy.
    const names = new Map<string, string>(GROUPS.map((g) => [String(g.id), g.name]));
    const counted = new Map<string, number>();
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket } = sim.dataset.truth(i);
      if ((await store.getTicketMetrics(inst, ticket.id)) === null) continue;
      const key = ticket.groupId ?? '';
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    expect(report.slices.length).toBeGreaterThan(1);
    for (const s of report.slices) {
      expect(s.name).toBe(s.value === '' ? null : names.get(s.value));
      expect(s.tickets).toBe(counted.get(s.value));
    }
    // The CSV's slice lines carry the same name beside the id.
    for (const line of whatIfCsv(report).trim().split('\n').slice(1)) {
      const [scope, key = '', name] = line.split(',');
      if (scope === 'slice') expect(name).toBe(names.get(key) ?? '');
    }
  });

  it('deskpulse what-if prints the same document as JSON, and one CSV line per value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whatif-'));
    try {
      const file = join(dir, 'proposal.json');
      const proposal = await currentProposal();
      await writeFile(file, JSON.stringify({ slaPolicy: proposal.slaPolicy }));
      const config = loadConfig({
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        REPORTING_TIME_ZONE: 'UTC',
      });
      const run = async (format: 'json' | 'csv', policy = file) => {
        let out = '';
        let err = '';
        const io = {
          stdout: (text: string) => (out += text),
          stderr: (text: string) => (err += text),
          clock: Date.now,
        };
        const options = { policy, installation: inst, format, slice: 'priority' };
        return { code: await runWhatIfCommand(config, options, io), out, err };
      };
      const json = await run('json');
      expect(json.code).toBe(0);
      const printed = JSON.parse(json.out) as WhatIfReport;
      const direct = await whatIf(deps(), inst, {
        proposal: { slaPolicy: proposal.slaPolicy },
        slice: 'priority',
        flipLimit: 5000,
      });
      expect(printed.overall).toEqual(direct.overall);
      expect(printed.slices).toEqual(direct.slices);
      const csv = await run('csv');
      const lines = csv.out.trim().split('\n');
      expect(lines[0]?.startsWith('scope,key,name,kind,metric,priority,')).toBe(true);
      const scopes = 1 + direct.months.length + direct.slices.length;
      const perScope = (c: Comparison) => c.sla.length + c.durations.length;
      const expected =
        perScope(direct.overall) +
        direct.months.reduce((n, m) => n + perScope(m), 0) +
        direct.slices.reduce((n, x) => n + perScope(x), 0);
      expect(scopes).toBeGreaterThan(2);
      expect(lines).toHaveLength(1 + expected);
      await writeFile(file, '{"slaPolicy": {"id": "x"}}');
      const bad = await run('json');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('slaPolicy');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('flips tickets under a stricter policy, and applying it stores what the what-if said', async () => {
    const current = await currentProposal();
    const strict: SlaPolicy = {
      ...current.slaPolicy,
      targets: current.slaPolicy.targets.map((t) => ({ ...t, targetSeconds: t.targetSeconds / 8 })),
    };
    const proposed: WhatIfReport = await whatIf(deps(), inst, {
      proposal: { slaPolicy: strict },
      flipLimit: 5000,
    });
    expect(proposed.flips.achievedToBreached).toBeGreaterThan(0);
    expect(proposed.flips.breachedToAchieved).toBe(0);
    expect(proposed.flips.tickets).toHaveLength(proposed.flips.total);
    // Targets only: the business durations do not move.
    for (const row of proposed.overall.durations) expect(row.proposed).toEqual(row.current);
    for (const flip of proposed.flips.tickets.slice(0, 20)) {
      const stored = await store.getTicketMetrics(inst, flip.ticketId);
      const outcomes = (stored?.dims.sla ?? [])
        .filter((t) => t.metric === flip.metric)
        .map((t) => slaOutcome(t, NOW));
      expect(outcomes.some((o) => o?.achieved === true)).toBe(true);
    }

    await updateSettings(
      { store, producer: jobs.producer, now: () => NOW, reportingTimeZone: 'UTC' },
      inst,
      { slaPolicy: strict },
    );
    await jobs.idle();
    expect(await jobs.failed()).toEqual([]);
    const after = await whatIf(deps(), inst, { proposal: { slaPolicy: strict }, flipLimit: 0 });
    expect(after.flips.total).toBe(0);
    const proposedSide = (c: Comparison) => ({
      sla: c.sla.map((r) => ({ metric: r.metric, priority: r.priority, counts: r.proposed })),
      durations: c.durations.map((d) => ({ metric: d.metric, stats: d.proposed })),
    });
    const currentSide = (c: Comparison) => ({
      sla: c.sla.map((r) => ({ metric: r.metric, priority: r.priority, counts: r.current })),
      durations: c.durations.map((d) => ({ metric: d.metric, stats: d.current })),
    });
    expect(currentSide(after.overall)).toEqual(proposedSide(proposed.overall));
    expect(after.months.map(currentSide)).toEqual(proposed.months.map(proposedSide));
  }, 120_000);
});

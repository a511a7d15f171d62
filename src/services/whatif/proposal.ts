import type { Schedule, SlaPolicy } from '../../domain/index.js';
import { AppError } from '../../errors.js';
import type { WhatIfProposal } from './contracts.js';

function refuse(code: string, message: string): never {
  throw new AppError(code, message, { status: 400 });
}

/**
 * The settings a proposal would put in force: its SLA policy, else today's; the stored schedules
 * with the proposal's replacing same-id ones, in the store's order (the first is the account
 * default, so the replay picks the same default the re-analysis would). Refuses,
 * with a code, a proposal that changes nothing or that the replay could only half apply.
 */
export function proposedSettings(
  proposal: WhatIfProposal,
  current: { slaPolicy: SlaPolicy | null; schedules: readonly Schedule[] },
): { slaPolicy: SlaPolicy | null; schedules: Schedule[] } {
  if (proposal.slaPolicy === undefined && proposal.schedules === undefined)
    refuse('WHATIF_EMPTY_PROPOSAL', 'the proposal needs an slaPolicy, schedules or both');
  const targets = new Set<string>();
  for (const t of proposal.slaPolicy?.targets ?? []) {
    const key = `${t.metric}/${t.priority ?? 'any'}`;
    if (targets.has(key))
      refuse(
        'WHATIF_DUPLICATE_TARGET',
        `two targets for ${t.metric} at priority ${t.priority ?? 'any'}`,
      );
    targets.add(key);
  }
  const byId = new Map(current.schedules.map((s) => [s.id, s]));
  const proposedIds = new Set<string>();
  for (const s of proposal.schedules ?? []) {
    if (proposedIds.has(s.id))
      refuse('WHATIF_DUPLICATE_SCHEDULE', `schedule ${s.id} appears twice`);
    if (s.intervals.length === 0)
      refuse('WHATIF_SCHEDULE_WITHOUT_HOURS', `schedule ${s.id} has no weekly business hours`);
    proposedIds.add(s.id);
    byId.set(s.id, s);
  }
  const added = [...proposedIds].some((id) => !current.schedules.some((s) => s.id === id));
  // Same ids keep the store's order exactly; a new id is placed by code point, which matches the
  // store's ORDER BY id for the numeric ids helpdesks use.
  const schedules = added
    ? [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    : [...byId.values()];
  const slaPolicy = proposal.slaPolicy ?? current.slaPolicy;
  if (schedules.length === 0 && slaPolicy?.targets.some((t) => t.businessHours) === true)
    refuse(
      'WHATIF_BUSINESS_TARGET_WITHOUT_SCHEDULE',
      'business-hours targets need a schedule; the installation has none and the proposal adds none',
    );
  return { slaPolicy, schedules };
}

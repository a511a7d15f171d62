import { AGREEMENT_RULES_VERSION, compareTicketAgreement } from '../../metrics/agreement.js';
import type { AgreementResult, TicketStore } from '../../store/store.js';

/** The store methods a refresh uses. */
export type AgreementRefreshStore = Pick<
  TicketStore,
  'listAgreementWork' | 'saveAgreement' | 'getTicketTimelines'
>;

const BATCH = 500;

/**
 * Brings the stored comparison with Zendesk's metric sets up to date: every ticket whose analysis
 * or metric set changed since it was last compared (or never was) is compared again, a batch at a
 * time. Done on demand rather than inside analysis: metric sets and analyses arrive by different
 * streams in either order, and the comparison must follow both without touching the analysis path.
 * A release that changes the rules (AGREEMENT_RULES_VERSION) redoes every comparison made before it.
 * Idempotent; returns how many tickets it compared.
 */
export async function refreshAgreement(
  store: AgreementRefreshStore,
  installationId: string,
): Promise<number> {
  let after = '';
  let compared = 0;
  for (;;) {
    const work = await store.listAgreementWork(
      installationId,
      after,
      BATCH,
      AGREEMENT_RULES_VERSION,
    );
    const last = work.at(-1);
    if (last === undefined) return compared;
    after = last.ticketId;
    const timelines = await store.getTicketTimelines(
      installationId,
      work.map((w) => w.ticketId),
    );
    const byId = new Map(timelines.map((t) => [t.ticket.id, t]));
    const results: AgreementResult[] = [];
    for (const item of work) {
      const timeline = byId.get(item.ticketId);
      if (timeline === undefined) continue;
      const { ticket, events } = timeline;
      results.push({
        ticketId: item.ticketId,
        ticketCreatedAt: ticket.createdAt,
        oursComputedAt: item.oursComputedAt,
        theirsUpdatedAt: item.theirsUpdatedAt,
        rulesVersion: AGREEMENT_RULES_VERSION,
        comparisons: compareTicketAgreement({
          ticket,
          events,
          ours: item.ours,
          theirs: item.theirs,
        }),
      });
    }
    await store.saveAgreement(installationId, results);
    compared += results.length;
  }
}

import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { emptyView, errorView, loadingView } from '../states.js';
import type { HealthAccountDetail } from '../../../src/services/health/schemas.js';
import { healthRange } from './range.js';
import { reasonsList, scoreBadge, sparkline } from './health-view.js';

/** The organisation sidebar's health section: score and status, its 30-day trend, its reasons. */
export async function loadHealthSidebar(
  doc: Document,
  t: Translator,
  backend: Backend,
  slot: HTMLElement,
  organizationId: string,
  now: number,
): Promise<void> {
  replaceChildren(doc, slot, loadingView(doc, t('ui.health.loading')));
  try {
    const detail = await backend.get<HealthAccountDetail>(
      `/health/accounts/${encodeURIComponent(organizationId)}`,
      healthRange(now),
    );
    const account = detail.account;
    if (account === null) {
      replaceChildren(doc, slot, emptyView(doc, t('ui.health.no_score')));
      return;
    }
    replaceChildren(
      doc,
      slot,
      h(
        doc,
        'section',
        { class: 'dp-health' },
        h(doc, 'h3', { class: 'dp-section-title' }, t('ui.health.title')),
        h(
          doc,
          'div',
          { class: 'dp-health-head' },
          scoreBadge(doc, t, account),
          sparkline(doc, t, account),
        ),
        reasonsList(doc, t, account),
      ),
    );
  } catch (e) {
    replaceChildren(doc, slot, errorView(doc, t, describeError(t, e)));
  }
}

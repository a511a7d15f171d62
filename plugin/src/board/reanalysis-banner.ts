import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import type { ReanalysisProgress } from '../../../src/services/kpi/contracts.js';

/**
 * While the history is re-analysed under changed settings, the board mixes numbers computed
 * under the old and the new ones; this line says so, with how far it has got. Null when idle.
 */
export function reanalysisBanner(
  doc: Document,
  t: Translator,
  progress: ReanalysisProgress,
): HTMLElement | null {
  if (!progress.running) return null;
  return h(
    doc,
    'p',
    { class: 'dp-state dp-reanalysis', attrs: { role: 'status', 'data-reanalysis': 'running' } },
    h(doc, 'span', { class: 'dp-spinner', attrs: { 'aria-hidden': 'true' } }),
    t('ui.board.reanalysis', {
      done: formatNumber(t, progress.done, 0),
      total: formatNumber(t, progress.total, 0),
    }),
  );
}

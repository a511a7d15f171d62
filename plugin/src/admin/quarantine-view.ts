import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { plural, type Translator } from '../i18n.js';
import { emptyView, loadInto } from '../states.js';

/** One entry of GET /app/admin/quarantine. */
interface QuarantineEntry {
  stream: string;
  recordKey: string;
  reason: string;
  lastSeen: string;
  /** A ticket's own record: its events stored while it is not (they wait for it). */
  heldEvents: number | null;
}

const HELD_EVENTS = {
  one: 'ui.admin.quarantine_held_one',
  other: 'ui.admin.quarantine_held_other',
};

/**
 * Quarantined records with their reason, each with a Retry that refetches its ticket; a ticket's
 * own record says how many of its events are stored and wait for it.
 */
export function quarantineSection(env: { doc: Document; t: Translator; backend: Backend }) {
  const { doc, t, backend } = env;
  const element = h(doc, 'div', { class: 'dp-slot' });
  const status = h(doc, 'p', { class: 'dp-hint', attrs: { role: 'status' } });
  const retry = async (entry: QuarantineEntry) => {
    status.textContent = t('ui.admin.retrying');
    try {
      const result = await backend.post<{ ticketId: string }>('/app/admin/quarantine/retry', {
        stream: entry.stream,
        recordKey: entry.recordKey,
      });
      status.textContent = t('ui.admin.retried', { ticketId: result.ticketId });
      await load();
    } catch (e) {
      status.textContent = describeError(t, e);
    }
  };
  const row = (entry: QuarantineEntry) =>
    h(
      doc,
      'li',
      { attrs: { 'data-record': `${entry.stream}:${entry.recordKey}` } },
      h(doc, 'strong', null, `${entry.stream} ${entry.recordKey}`),
      ' ',
      entry.reason,
      h(doc, 'span', { class: 'dp-hint' }, ` · ${formatDate(t, entry.lastSeen)} `),
      entry.heldEvents !== null && entry.heldEvents > 0
        ? h(
            doc,
            'span',
            { class: 'dp-hint', attrs: { 'data-held-events': String(entry.heldEvents) } },
            `${plural(t, entry.heldEvents, HELD_EVENTS)} `,
          )
        : null,
      h(
        doc,
        'button',
        {
          class: 'dp-button dp-small',
          attrs: { type: 'button', 'data-action': 'retry' },
          on: { click: () => void retry(entry) },
        },
        t('ui.admin.retry'),
      ),
    );
  const load = (): Promise<void> =>
    loadInto(env, element, {
      loading: t('ui.admin.loading'),
      request: () => backend.get<{ entries: QuarantineEntry[] }>('/app/admin/quarantine'),
      render: ({ entries }) => [
        entries.length === 0
          ? emptyView(doc, t('ui.admin.quarantine_none'))
          : h(doc, 'ul', { class: 'dp-list' }, ...entries.map(row)),
        status,
      ],
    });
  return { element, load };
}

import type { Backend } from '../backend.js';
import { toBackendError } from '../backend.js';
import { h } from '../dom.js';
import { formatDate, formatDuration, formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import { emptyView, loadInto } from '../states.js';

/** GET /app/admin/backfill (the admin API's backfill progress). */
interface BackfillProgress {
  since: string;
  state: string;
  ticketsDone: number;
  estimatedTotal: number | null;
  etaSeconds: number | null;
}

/** One stream of GET /app/admin/sync-status. */
interface StreamStatus {
  stream: string;
  lagSeconds: number;
  pageCount: number;
  lastError: string | null;
  rateLimit: { count429: number; remaining: number | null; limit: number | null };
}

function backfillView(doc: Document, t: Translator, p: BackfillProgress): HTMLElement {
  const total = p.estimatedTotal;
  const bar = h(doc, 'progress', { attrs: { max: String(Math.max(1, total ?? p.ticketsDone)) } });
  bar.value = p.ticketsDone;
  return h(
    doc,
    'div',
    { class: 'dp-backfill', attrs: { 'data-state': p.state } },
    h(
      doc,
      'p',
      null,
      h(doc, 'strong', null, p.state),
      ' · ',
      t('ui.admin.backfill_since', { since: formatDate(t, p.since) }),
    ),
    bar,
    h(
      doc,
      'p',
      { class: 'dp-hint' },
      total === null
        ? t('ui.admin.backfill_done', { done: formatNumber(t, p.ticketsDone, 0) })
        : t('ui.admin.backfill_of', {
            done: formatNumber(t, p.ticketsDone, 0),
            total: formatNumber(t, total, 0),
          }),
      p.etaSeconds === null || p.etaSeconds === 0
        ? ''
        : ` · ${t('ui.admin.backfill_eta', { eta: formatDuration(t, p.etaSeconds) })}`,
    ),
  );
}

function streamsView(doc: Document, t: Translator, streams: StreamStatus[]): HTMLElement {
  const cell = (value: string) => h(doc, 'td', null, value);
  const head = [
    t('ui.admin.stream'),
    t('ui.admin.lag'),
    t('ui.admin.pages'),
    t('ui.admin.rate_budget'),
    t('ui.admin.rate_429'),
    t('ui.admin.last_error'),
  ];
  return h(
    doc,
    'table',
    { class: 'dp-table dp-streams' },
    h(doc, 'thead', null, h(doc, 'tr', null, ...head.map((x) => h(doc, 'th', null, x)))),
    h(
      doc,
      'tbody',
      null,
      ...streams.map((s) =>
        h(
          doc,
          'tr',
          { attrs: { 'data-stream': s.stream } },
          cell(s.stream),
          cell(formatDuration(t, s.lagSeconds)),
          cell(formatNumber(t, s.pageCount, 0)),
          cell(
            s.rateLimit.remaining === null || s.rateLimit.limit === null
              ? t('ui.common.none')
              : t('ui.admin.rate_of', {
                  remaining: s.rateLimit.remaining,
                  limit: s.rateLimit.limit,
                }),
          ),
          cell(String(s.rateLimit.count429)),
          cell(s.lastError ?? t('ui.common.none')),
        ),
      ),
    ),
  );
}

/** Backfill progress and the per-stream sync table (lag, pages, rate budget, 429s, last error). */
export function healthSection(env: { doc: Document; t: Translator; backend: Backend }) {
  const { doc, t, backend } = env;
  const backfill = h(doc, 'div', { class: 'dp-slot' });
  const streams = h(doc, 'div', { class: 'dp-slot' });
  const loadBackfill = () =>
    loadInto(env, backfill, {
      loading: t('ui.admin.loading'),
      request: () => backend.get<BackfillProgress>('/app/admin/backfill'),
      render: (progress) => [backfillView(doc, t, progress)],
      // No backfill has run yet: nothing to report, not an error.
      failure: (e) =>
        toBackendError(e).status === 404 ? emptyView(doc, t('ui.admin.backfill_none')) : null,
    });
  const loadStreams = () =>
    loadInto(env, streams, {
      loading: t('ui.admin.loading'),
      request: () => backend.get<{ streams: StreamStatus[] }>('/app/admin/sync-status'),
      render: (status) => [
        status.streams.length === 0
          ? emptyView(doc, t('ui.admin.no_streams'))
          : streamsView(doc, t, status.streams),
      ],
    });
  return { backfill, streams, load: () => Promise.all([loadBackfill(), loadStreams()]) };
}

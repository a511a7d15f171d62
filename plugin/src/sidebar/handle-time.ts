import type { Backend } from '../backend.js';
import { toBackendError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import { formatClock } from '../format.js';
import type { Translator } from '../i18n.js';
import type { ZafClient } from '../zaf.js';
import type { HandleTimeEntry } from './timer.js';
import { HandleTimer } from './timer.js';

export interface HandleTimeDeps {
  client: ZafClient;
  doc: Document;
  win: Pick<Window, 'setTimeout' | 'clearTimeout' | 'setInterval' | 'addEventListener'>;
  backend: Backend;
  t: Translator;
  ticketId: string;
  agentId: string;
  idleMs: number;
  now: () => number;
  newId: () => string;
}

/** Events inside the app frame that show the agent is at the keyboard. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'mousemove', 'wheel', 'focusin'] as const;

/**
 * Wires a HandleTimer to what Zendesk and the browser report: pauses while the app is deactivated
 * (another ticket tab) or the browser tab is hidden, and after `idleMs` without activity; posts the
 * counted time when the ticket is submitted and when the app is torn down. An entry that fails to
 * post keeps its id and is sent again on the next flush, so a retry never double-counts.
 */
export function startHandleTime(d: HandleTimeDeps): {
  element: HTMLElement;
  flush: () => Promise<void>;
} {
  const { client, doc, win, t } = d;
  const timer = new HandleTimer(d.now, d.newId);
  const pending: HandleTimeEntry[] = [];
  let appActive = true;
  let idleTimer: number | undefined;

  const clock = h(doc, 'span', { class: 'dp-timer-clock', attrs: { 'aria-live': 'off' } }, '00:00');
  const state = h(doc, 'span', { class: 'dp-hint dp-timer-state' });
  const render = () => {
    replaceChildren(doc, clock, formatClock(timer.elapsedSeconds()));
    const why = timer.pausedBecause;
    replaceChildren(
      doc,
      state,
      why === null
        ? t('ui.timer.running')
        : why === 'idle'
          ? t('ui.timer.paused_idle')
          : t('ui.timer.paused_hidden'),
    );
  };
  const syncVisibility = () => {
    timer.setVisible(appActive && doc.visibilityState !== 'hidden');
    render();
  };
  const activity = () => {
    if (idleTimer !== undefined) win.clearTimeout(idleTimer);
    if (timer.pausedBecause === 'idle') {
      timer.setActive(true);
      render();
    }
    idleTimer = win.setTimeout(() => {
      timer.setActive(false);
      render();
    }, d.idleMs);
  };

  const flush = async () => {
    const entry = timer.take();
    if (entry !== null) pending.push(entry);
    for (const e of [...pending]) {
      try {
        await d.backend.post(`/tickets/${encodeURIComponent(d.ticketId)}/handle-time`, {
          ...e,
          agentId: d.agentId,
        });
        pending.splice(pending.indexOf(e), 1);
      } catch (err) {
        // A 4xx other than 429 will never succeed (e.g. a deleted ticket): drop it rather than loop.
        const status = toBackendError(err).status;
        if (status >= 400 && status < 500 && status !== 429) pending.splice(pending.indexOf(e), 1);
      }
    }
    render();
  };

  client.on('app.activated', () => {
    appActive = true;
    syncVisibility();
    activity();
  });
  client.on('app.deactivated', () => {
    appActive = false;
    syncVisibility();
  });
  // Typing a reply happens in Zendesk's editor, outside this frame: ZAF reports it as an event.
  client.on('comment.text.changed', activity);
  client.on('ticket.submit.done', () => void flush());
  client.on('app.willDestroy', () => void flush());
  doc.addEventListener('visibilitychange', syncVisibility);
  for (const type of ACTIVITY_EVENTS) doc.addEventListener(type, activity, { passive: true });
  win.addEventListener('pagehide', () => void flush());
  win.setInterval(render, 1000);
  activity();
  syncVisibility();

  const element = h(
    doc,
    'section',
    { class: 'dp-section dp-timer' },
    h(doc, 'h3', { class: 'dp-section-title' }, t('ui.timer.title')),
    h(doc, 'p', null, clock, ' ', state),
  );
  return { element, flush };
}

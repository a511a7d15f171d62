import type { Backend } from '../backend.js';
import { BackendError, describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import type { AppSettings } from '../settings.js';
import { emptyView, errorView, loadingView } from '../states.js';
import type { RequesterContext, TicketClocks } from '../types.js';
import type { ZafClient } from '../zaf.js';
import { clocksView } from './clocks-view.js';
import { contextView } from './context-view.js';
import { startHandleTime } from './handle-time.js';
import { loadHealthSidebar } from '../health/health-sidebar.js';

export type SidebarKind = 'ticket' | 'user' | 'organization';

export interface SidebarEnv {
  client: ZafClient;
  doc: Document;
  win: Window;
  root: HTMLElement;
  t: Translator;
  backend: Backend;
  settings: AppSettings;
  subdomain: string | undefined;
  resize: () => void;
}

/** The event push-back sends (src/services/pipeline/push-back.ts), as ZAF delivers it to the app. */
export const SUMMARY_UPDATED_EVENT = 'api_notification.deskpulse.summary_updated';

const str = (v: unknown) =>
  typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : undefined;

/** Ticket, user and organisation sidebars: customer context, plus clocks and the timer on tickets. */
export async function runSidebar(env: SidebarEnv, kind: SidebarKind): Promise<void> {
  const { client, doc, root, t } = env;
  const ids = await client.get(
    kind === 'ticket'
      ? [
          'ticket.id',
          'ticket.status',
          'ticket.requester.id',
          'ticket.requester.name',
          'currentUser.id',
        ]
      : kind === 'user'
        ? ['user.id', 'user.name']
        : ['organization.id', 'organization.name'],
  );
  const ticketId = str(ids['ticket.id']);
  const subjectId = str(ids[kind === 'ticket' ? 'ticket.requester.id' : `${kind}.id`]);
  const subjectName = str(ids[kind === 'ticket' ? 'ticket.requester.name' : `${kind}.name`]);
  const contextPath =
    kind === 'organization'
      ? `/organizations/${subjectId ?? ''}/context`
      : `/requesters/${subjectId ?? ''}/context`;
  const heading =
    kind === 'organization'
      ? t('ui.context.organization_heading')
      : t('ui.context.requester_heading');

  const contextSlot = h(doc, 'div', { class: 'dp-slot' });
  const clocksSlot = h(doc, 'div', { class: 'dp-slot' });
  const timerSlot = h(doc, 'div', { class: 'dp-slot' });
  replaceChildren(doc, root, contextSlot, kind === 'ticket' ? clocksSlot : null, timerSlot);

  const loadContext = async () => {
    if (subjectId === undefined) {
      replaceChildren(doc, contextSlot, emptyView(doc, t('ui.context.no_requester')));
      return;
    }
    replaceChildren(doc, contextSlot, loadingView(doc, t('ui.context.loading')));
    env.resize();
    try {
      const ctx = await env.backend.get<RequesterContext>(contextPath);
      replaceChildren(
        doc,
        contextSlot,
        contextView(doc, t, ctx, {
          now: Date.now(),
          heading,
          fallbackName: subjectName,
          currentTicketId: ticketId,
          openTicket: (id) => void client.invoke('routeTo', 'ticket', id),
          ticketUrl: (id) =>
            `https://${env.subdomain ?? 'www'}.zendesk.com/agent/tickets/${encodeURIComponent(id)}`,
        }),
      );
    } catch (e) {
      replaceChildren(
        doc,
        contextSlot,
        e instanceof BackendError && e.status === 404
          ? emptyView(doc, t('ui.context.not_found'))
          : errorView(doc, t, describeError(t, e), () => void loadContext()),
      );
    }
    env.resize();
  };
  const loadClocks = async () => {
    if (ticketId === undefined) return;
    replaceChildren(doc, clocksSlot, loadingView(doc, t('ui.clocks.loading')));
    try {
      const clocks = await env.backend.get<TicketClocks>(
        `/tickets/${encodeURIComponent(ticketId)}/clocks`,
      );
      replaceChildren(doc, clocksSlot, clocksView(doc, t, clocks));
    } catch (e) {
      replaceChildren(
        doc,
        clocksSlot,
        e instanceof BackendError && e.status === 404
          ? emptyView(doc, t('ui.clocks.not_found'))
          : errorView(doc, t, describeError(t, e), () => void loadClocks()),
      );
    }
    env.resize();
  };
  const reload = () => Promise.all([loadContext(), kind === 'ticket' ? loadClocks() : undefined]);

  // Notifications reach only live instances; re-reading on activation covers those missed meanwhile.
  client.on(SUMMARY_UPDATED_EVENT, (data) => {
    const body = (data ?? {}) as { requesterId?: unknown; body?: { requesterId?: unknown } };
    const about = str(body.requesterId ?? body.body?.requesterId);
    if (about === undefined || kind === 'organization' || about === subjectId) void reload();
  });
  client.on('app.activated', () => void reload());

  const agentId = str(ids['currentUser.id']);
  // Handle time is work on an unsolved ticket: reading a solved or closed one is not timed.
  const solved = ids['ticket.status'] === 'solved' || ids['ticket.status'] === 'closed';
  if (kind === 'ticket' && env.settings.handleTimer && solved) {
    replaceChildren(doc, timerSlot, h(doc, 'p', { class: 'dp-muted' }, t('ui.timer.not_timed')));
  } else if (
    kind === 'ticket' &&
    env.settings.handleTimer &&
    ticketId !== undefined &&
    agentId !== undefined
  ) {
    const timer = startHandleTime({
      client,
      doc,
      win: env.win,
      backend: env.backend,
      t,
      ticketId,
      agentId,
      idleMs: env.settings.idleMinutes * 60_000,
      now: () => Date.now(),
      newId: () => env.win.crypto.randomUUID(),
    });
    replaceChildren(doc, timerSlot, timer.element);
  }
  await reload();
  if (kind === 'organization' && subjectId !== undefined) {
    const healthSlot = h(doc, 'div', { class: 'dp-slot' });
    root.append(healthSlot);
    await loadHealthSidebar(doc, t, env.backend, healthSlot, subjectId, Date.now());
    env.resize();
  }
}

import type { Choice, HostTicket } from './directory.js';
import { html, type SafeHtml } from './html.js';

/** Rows per picker page. */
export const PAGE_SIZE = 50;

/** What the index page says about the running demo. */
export interface PreviewStatus {
  appName: string;
  backendUrl: string;
  simulatorUrl: string;
  installationId: string;
  live: boolean;
}

function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Deskpulse preview</title>
        <link rel="stylesheet" href="/preview/static/preview.css" />
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/preview">Deskpulse preview</a>
          <nav>
            <a href="/preview/tickets">Tickets</a>
            <a href="/preview/users">Requesters</a>
            <a href="/preview/organizations">Organisations</a>
            <a href="/preview/board">KPI board</a>
          </nav>
        </header>
        ${body}
        <div id="toasts" role="status" aria-live="polite"></div>
        <script src="/preview/static/host.js"></script>
      </body>
    </html>`.value;
}

export function indexPage(status: PreviewStatus): string {
  return layout(
    'Home',
    html`<main class="page">
      <h1>${status.appName}, running against a simulated Zendesk account</h1>
      <p>
        Every page here is the real app, served from <code>plugin/assets</code>, inside a small
        stand-in for the Zendesk agent interface. Its API calls go through this host's proxy, which
        adds the installation's secret like Zendesk's proxy does, to the backend at
        <code>${status.backendUrl}</code>.
      </p>
      <ul class="cards">
        <li><a href="/preview/tickets">Ticket sidebar</a>: choose a ticket</li>
        <li><a href="/preview/users">User sidebar</a>: choose a requester</li>
        <li><a href="/preview/organizations">Organisation sidebar</a>: choose an organisation</li>
        <li><a href="/preview/board">KPI board</a> (nav bar)</li>
      </ul>
      <p class="muted">
        Installation <code>${status.installationId}</code> · Zendesk simulator
        <code>${status.simulatorUrl}</code> ·
        ${
          status.live
            ? 'live: the simulator updates tickets and sends signed webhooks'
            : 'live updates off'
        }
      </p>
    </main>`,
  );
}

function pager(path: string, page: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return html`<p class="pager">
    ${page > 1 ? html`<a href="${path}?page=${page - 1}">← Previous</a>` : ''} Page ${page} of
    ${pages} (${total}) ${page < pages ? html`<a href="${path}?page=${page + 1}">Next →</a>` : ''}
  </p>`;
}

export function ticketsPage(rows: HostTicket[], page: number, total: number): string {
  return layout(
    'Tickets',
    html`<main class="page">
      <h1>Tickets</h1>
      <table class="list">
        <thead>
          <tr>
            <th>Ticket</th>
            <th>Subject</th>
            <th>Status</th>
            <th>Requester</th>
            <th>Organisation</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td><a href="/preview/ticket/${r.ticket.id}">#${r.ticket.id}</a></td>
                <td class="subject">${r.ticket.subject ?? '(no subject)'}</td>
                <td><span class="status status-${r.ticket.status}">${r.ticket.status}</span></td>
                <td>${r.requester?.name ?? ''}</td>
                <td>${r.organization?.name ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${pager('/preview/tickets', page, total)}
    </main>`,
  );
}

export function choicesPage(
  kind: 'user' | 'organization',
  rows: Choice[],
  page: number,
  total: number,
): string {
  const title = kind === 'user' ? 'Requesters' : 'Organisations';
  const path = kind === 'user' ? '/preview/users' : '/preview/organizations';
  return layout(
    title,
    html`<main class="page">
      <h1>${title}</h1>
      <table class="list">
        <thead>
          <tr>
            <th>Name</th>
            <th></th>
            <th>Tickets</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td><a href="/preview/${kind}/${r.id}">${r.label}</a></td>
                <td class="muted">${r.detail}</td>
                <td>${r.tickets}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${pager(path, page, total)}
    </main>`,
  );
}

/**
 * A Zendesk-like page: the record on the left, the app's frame where Zendesk would put it, and a
 * language switch (the agent's `currentUser.locale` the app reads).
 */
export function locationPage(options: {
  title: string;
  frameSrc: string;
  record: SafeHtml | null;
  wide: boolean;
  language: 'en' | 'it';
}): string {
  const choice = (language: 'en' | 'it', label: string) =>
    language === options.language
      ? html`<strong aria-current="true">${label}</strong>`
      : html`<a href="?locale=${language}" data-locale="${language}">${label}</a>`;
  return layout(
    options.title,
    html`<p class="locale-switch">
        Agent language: ${choice('en', 'English')} · ${choice('it', 'Italiano')}
      </p>
      <main class="${options.wide ? 'host host-wide' : 'host'}">
        ${options.record === null ? '' : html`<section class="record">${options.record}</section>`}
        <aside class="apps">
          <iframe id="app-frame" src="${options.frameSrc}" title="Deskpulse app"></iframe>
        </aside>
      </main>`,
  );
}

export function ticketRecord(t: HostTicket): SafeHtml {
  return html`<h1 class="subject">${t.ticket.subject ?? '(no subject)'}</h1>
    <dl>
      <dt>Ticket</dt>
      <dd>#${t.ticket.id}</dd>
      <dt>Status</dt>
      <dd><span class="status status-${t.ticket.status}">${t.ticket.status}</span></dd>
      <dt>Requester</dt>
      <dd>
        ${
          t.requester === null
            ? ''
            : html`<a href="/preview/user/${t.requester.id}">${t.requester.name}</a>`
        }
      </dd>
      <dt>Organisation</dt>
      <dd>
        ${
          t.organization === null
            ? '—'
            : html`<a href="/preview/organization/${t.organization.id}">${t.organization.name}</a>`
        }
      </dd>
      <dt>Assignee</dt>
      <dd>${t.assignee?.name ?? '—'}</dd>
      <dt>Group</dt>
      <dd>${t.group?.name ?? '—'}</dd>
      <dt>Updated</dt>
      <dd>${new Date(t.ticket.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</dd>
    </dl>
    <div class="composer">
      <label for="reply">Reply (typing counts as activity for the app's handle timer)</label>
      <textarea id="reply" rows="4"></textarea>
      <button id="submit-ticket" type="button">Submit</button>
      <span class="muted">Submitting raises <code>ticket.submit.done</code> in the app.</span>
    </div>`;
}

export function notFoundPage(what: string): string {
  return layout('Not found', html`<main class="page"><h1>${what} not found</h1></main>`);
}

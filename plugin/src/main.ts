import './styles.css';
import { createBackend } from './backend.js';
import { h, replaceChildren } from './dom.js';
import { createTranslator } from './i18n.js';
import { autoResize } from './resize.js';
import { parseSettings } from './settings.js';
import { errorView } from './states.js';
import { runNavBar } from './nav/main.js';
import type { SidebarKind } from './sidebar/main.js';
import { runSidebar } from './sidebar/main.js';
import type { ZafClient } from './zaf.js';
import { connectZaf, getPath } from './zaf.js';

const SIDEBARS: Record<string, SidebarKind> = {
  ticket_sidebar: 'ticket',
  user_sidebar: 'user',
  organization_sidebar: 'organization',
};

/** Routes the one iframe.html to the view of the location Zendesk opened it in. */
export async function start(
  client: ZafClient,
  doc: Document,
  win: Window,
  root: HTMLElement,
): Promise<void> {
  const [context, metadata, locale] = await Promise.all([
    client.context(),
    client.metadata(),
    getPath(client, 'currentUser.locale'),
  ]);
  const t = createTranslator(typeof locale === 'string' ? locale : undefined);
  doc.documentElement.lang = t.locale;
  const resize = autoResize(client, doc);
  const settings = parseSettings(metadata.settings);
  if (settings.backendUrl === null) {
    replaceChildren(doc, root, errorView(doc, t, t('ui.error.no_backend_url')));
    resize();
    return;
  }
  const backend = createBackend(client, settings.backendUrl);
  const kind = SIDEBARS[context.location];
  doc.body.dataset['location'] = context.location;
  if (kind !== undefined)
    await runSidebar(
      {
        client,
        doc,
        win,
        root,
        t,
        backend,
        settings,
        subdomain: context.account?.subdomain,
        resize,
      },
      kind,
    );
  else if (context.location === 'nav_bar')
    await runNavBar({
      client,
      doc,
      win,
      root,
      t,
      backendUrl: settings.backendUrl,
      businessHoursDefault: settings.businessHoursDefault,
    });
  else
    replaceChildren(
      doc,
      root,
      errorView(doc, t, t('ui.error.unknown_location', { location: context.location })),
    );
  resize();
}

const root = document.getElementById('app');
if (root !== null) {
  const client = connectZaf(window as unknown as Parameters<typeof connectZaf>[0]);
  if (client === null) {
    // Opened outside Zendesk (or the SDK failed to load): say so instead of a blank frame.
    const t = createTranslator(navigator.language);
    replaceChildren(
      document,
      root,
      h(document, 'p', { class: 'dp-state dp-error' }, t('ui.error.outside_zendesk')),
    );
  } else {
    start(client, document, window, root).catch((e: unknown) => {
      const t = createTranslator(navigator.language);
      replaceChildren(
        document,
        root,
        errorView(
          document,
          t,
          t('ui.error.generic', { code: e instanceof Error ? e.message : 'ERROR' }),
        ),
      );
    });
  }
}

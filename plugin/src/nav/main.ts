import type { AppUser, Backend } from '../backend.js';
import { createBackend } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { emptyView } from '../states.js';
import type { ZafClient } from '../zaf.js';
import { getPath } from '../zaf.js';
import { runAdmin } from '../admin/main.js';
import { runBoard } from '../board/main.js';

export interface NavEnv {
  client: ZafClient;
  doc: Document;
  win: Window;
  root: HTMLElement;
  t: Translator;
  backendUrl: string;
  businessHoursDefault: boolean;
}

/** What the backend says the signed-in user may open (GET /app/role, from the verified claim). */
interface RoleView {
  role: string;
  admin: boolean;
  board: boolean;
}

async function currentUser(client: ZafClient): Promise<AppUser | undefined> {
  const [id, role] = await Promise.all([
    getPath(client, 'currentUser.id'),
    getPath(client, 'currentUser.role'),
  ]);
  const ok = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  return ok(id) && ok(role) ? { id: String(id), role: String(role) } : undefined;
}

/**
 * The nav_bar page: the KPI board, and beside it an Admin tab for Zendesk admins. Which tabs show
 * comes from the backend's reading of the proxy-signed role claim, never from the browser alone;
 * when the claim cannot be checked (no role_claim_key yet) the board shows without the Admin tab.
 */
export async function runNavBar(env: NavEnv): Promise<void> {
  const { doc, t } = env;
  const user = await currentUser(env.client);
  const backend: Backend = createBackend(env.client, env.backendUrl, user);
  const role = await backend.get<RoleView>('/app/role').catch(() => null);
  const boardRoot = h(doc, 'div', { class: 'dp-tab-panel', attrs: { 'data-panel': 'board' } });
  const runBoardHere = async () => {
    if (role !== null && !role.board) {
      replaceChildren(doc, boardRoot, emptyView(doc, t('ui.nav.no_board')));
      return;
    }
    await runBoard({ ...env, root: boardRoot, backend });
  };
  if (role === null || !role.admin) {
    replaceChildren(doc, env.root, boardRoot);
    await runBoardHere();
    return;
  }
  const adminRoot = h(doc, 'div', { class: 'dp-tab-panel', attrs: { 'data-panel': 'admin' } });
  adminRoot.hidden = true;
  let adminStarted = false;
  const tabs = h(doc, 'nav', { class: 'dp-tabs', attrs: { role: 'tablist' } });
  const tab = (name: 'board' | 'admin', label: string) =>
    h(
      doc,
      'button',
      {
        class: 'dp-tab',
        attrs: {
          type: 'button',
          role: 'tab',
          'data-tab': name,
          'aria-selected': String(name === 'board'),
        },
        on: { click: () => void select(name) },
      },
      label,
    );
  const select = async (name: 'board' | 'admin') => {
    for (const b of tabs.querySelectorAll('[data-tab]'))
      b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === name));
    boardRoot.hidden = name !== 'board';
    adminRoot.hidden = name !== 'admin';
    if (name === 'admin' && !adminStarted) {
      adminStarted = true;
      await runAdmin({ doc, t, root: adminRoot, backend });
    }
  };
  tabs.append(tab('board', t('ui.nav.board')), tab('admin', t('ui.nav.admin')));
  replaceChildren(doc, env.root, tabs, boardRoot, adminRoot);
  await runBoardHere();
}

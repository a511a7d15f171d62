import type { Backend } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';
import { healthSection } from './health-view.js';
import { quarantineSection } from './quarantine-view.js';
import { secretSection } from './secret-view.js';
import { settingsSection } from './settings-view.js';

export interface AdminEnv {
  doc: Document;
  t: Translator;
  root: HTMLElement;
  backend: Backend;
}

/**
 * The Admin view (Zendesk admins; the backend checks the role on every call): backfill progress,
 * per-stream lag and rate budget, quarantine with retry, settings and app-secret rotation.
 */
export async function runAdmin(env: AdminEnv): Promise<void> {
  const { doc, t } = env;
  const section = (name: string, title: string, body: HTMLElement) =>
    h(
      doc,
      'section',
      { class: 'dp-section', attrs: { 'data-admin': name } },
      h(doc, 'h2', { class: 'dp-section-title' }, title),
      body,
    );
  const health = healthSection(env);
  const quarantine = quarantineSection(env);
  const settings = settingsSection(env);
  replaceChildren(
    doc,
    env.root,
    h(doc, 'h1', { class: 'dp-title' }, t('ui.admin.title')),
    section('backfill', t('ui.admin.backfill_title'), health.backfill),
    section('streams', t('ui.admin.streams_title'), health.streams),
    section('quarantine', t('ui.admin.quarantine_title'), quarantine.element),
    section('settings', t('ui.admin.settings_title'), settings.element),
    section('secret', t('ui.admin.secret_title'), secretSection(env).element),
  );
  await Promise.all([health.load(), quarantine.load(), settings.load()]);
}

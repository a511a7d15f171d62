import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import { formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import { errorView, loadingView } from '../states.js';
import type { Schedule, SlaPolicy } from '../../../src/domain/index.js';
import type {
  WhatIfProposal,
  WhatIfReport,
  WhatIfSlice,
} from '../../../src/services/whatif/contracts.js';
import { whatIfEditor, type EditorStart } from './whatif-editor.js';
import { whatIfResult } from './whatif-result.js';

interface Env {
  doc: Document;
  t: Translator;
  backend: Backend;
  /** Asks before applying (the browser's confirm in the app). */
  confirm: (message: string) => boolean;
  openTicket: (ticketId: string) => void;
}

interface SettingsDoc {
  settings: Record<string, unknown>;
  schedules: Schedule[];
}

const SLICES = ['', 'group', 'agent', 'brand', 'channel', 'priority'] as const;
// The summary counts every flip; the table lists the first ones, in ticket id order.
const FLIPS_SHOWN = 50;

/** The policy and schedules in force, for the form's start; empty when the user may not read them. */
async function startOf(backend: Backend): Promise<EditorStart> {
  try {
    const doc = await backend.get<SettingsDoc>('/app/admin/settings');
    const policy = (doc.settings['slaPolicy'] ??
      doc.settings['helpdeskSlaPolicy'] ??
      null) as SlaPolicy | null;
    return { slaPolicy: policy, schedules: doc.schedules };
  } catch {
    return { slaPolicy: null, schedules: [] };
  }
}

/**
 * The board's "What if" section: edit a proposal (SLA targets, the default schedule's hours, time
 * zone and holidays), replay the whole history under it, read the comparison, and apply it — the
 * settings change, which re-analyses the history — after a confirmation.
 */
export function whatIfSection(env: Env): HTMLElement {
  const { doc, t, backend } = env;
  const editorSlot = h(doc, 'div', null, loadingView(doc, t('ui.whatif.loading_settings')));
  const resultSlot = h(doc, 'div', { attrs: { 'data-whatif': 'result' } });
  const message = h(doc, 'div', null);
  const slice = h(doc, 'select', { class: 'dp-input', attrs: { name: 'whatif-slice' } });
  for (const s of SLICES)
    slice.append(
      h(doc, 'option', { attrs: { value: s } }, t(`ui.whatif.slice.${s === '' ? 'none' : s}`)),
    );
  let editor: ReturnType<typeof whatIfEditor> | null = null;
  let ran: WhatIfProposal | null = null;

  const run = async () => {
    if (editor === null) return;
    const proposal = editor.proposal();
    const sliced = SLICES.find((s): s is WhatIfSlice => s !== '' && s === slice.value) ?? null;
    replaceChildren(doc, message);
    replaceChildren(doc, resultSlot, loadingView(doc, t('ui.whatif.running')));
    try {
      const report = await backend.post<WhatIfReport>('/what-if', {
        proposal,
        flipLimit: FLIPS_SHOWN,
        ...(sliced === null ? {} : { slice: sliced }),
      });
      ran = proposal;
      apply.disabled = false;
      replaceChildren(doc, resultSlot, whatIfResult(doc, t, report, env.openTicket, sliced));
    } catch (error) {
      ran = null;
      apply.disabled = true;
      replaceChildren(
        doc,
        resultSlot,
        errorView(doc, t, describeError(t, error), () => void run()),
      );
    }
  };

  const applyProposal = async () => {
    if (ran === null || !env.confirm(t('ui.whatif.apply_confirm'))) return;
    try {
      const answer = await backend.put<{ reanalysis: { total: number } }>(
        '/app/admin/settings',
        ran,
      );
      replaceChildren(
        doc,
        message,
        h(
          doc,
          'p',
          { class: 'dp-state', attrs: { role: 'status', 'data-whatif': 'applied' } },
          t('ui.whatif.applied', { n: formatNumber(t, answer.reanalysis.total, 0) }),
        ),
      );
    } catch (error) {
      replaceChildren(doc, message, errorView(doc, t, describeError(t, error)));
    }
  };

  const apply = h(
    doc,
    'button',
    {
      class: 'dp-button',
      attrs: { type: 'button', 'data-action': 'whatif-apply' },
      on: { click: () => void applyProposal() },
    },
    t('ui.whatif.apply'),
  );
  apply.disabled = true;
  const element = h(
    doc,
    'section',
    { class: 'dp-section dp-whatif', attrs: { 'data-section': 'whatif' } },
    h(doc, 'h2', { class: 'dp-section-title' }, t('ui.whatif.title')),
    h(doc, 'p', null, t('ui.whatif.intro')),
    editorSlot,
    h(
      doc,
      'div',
      { class: 'dp-controls' },
      h(doc, 'label', null, t('ui.whatif.split_by'), slice),
      h(
        doc,
        'button',
        {
          class: 'dp-button',
          attrs: { type: 'button', 'data-action': 'whatif-run' },
          on: { click: () => void run() },
        },
        t('ui.whatif.run'),
      ),
      apply,
    ),
    message,
    resultSlot,
  );
  void startOf(backend).then((start) => {
    editor = whatIfEditor(doc, t, start);
    replaceChildren(doc, editorSlot, editor.element);
  });
  return element;
}

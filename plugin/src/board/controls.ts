import { h } from '../dom.js';
import type { Translator } from '../i18n.js';
import type { BoardQuery } from './query.js';
import { SLICES } from './query.js';

export interface ControlHandlers {
  change: (q: BoardQuery) => void;
  download: () => void;
}

function sliceLabel(t: Translator, s: BoardQuery['slice']): string {
  switch (s) {
    case 'none':
      return t('ui.board.slice_none');
    case 'group':
      return t('ui.board.slice_group');
    case 'agent':
      return t('ui.board.slice_agent');
    case 'channel':
      return t('ui.board.slice_channel');
    case 'brand':
      return t('ui.board.slice_brand');
    case 'tag':
      return t('ui.board.slice_tag');
  }
}

/**
 * Date range, business-hours switch, slice picker, CSV download. The agent slice credits each
 * ticket to its assignee, the only attribution the API serves, so no other is offered; a hint
 * says so while the agent slice is picked.
 */
export function controlsView(
  doc: Document,
  t: Translator,
  q: BoardQuery,
  on: ControlHandlers,
): HTMLFormElement {
  const from = h(doc, 'input', {
    class: 'dp-input',
    attrs: { type: 'date', name: 'from', value: q.from, required: '' },
  });
  const to = h(doc, 'input', {
    class: 'dp-input',
    attrs: { type: 'date', name: 'to', value: q.to, required: '' },
  });
  const business = h(doc, 'input', {
    attrs: { type: 'checkbox', name: 'businessHours', role: 'switch' },
  });
  business.checked = q.businessHours;
  const select = <V extends string>(
    name: string,
    values: V[],
    current: V,
    label: (v: V) => string,
  ) => {
    const el = h(
      doc,
      'select',
      { class: 'dp-input', attrs: { name } },
      ...values.map((v) =>
        h(
          doc,
          'option',
          { attrs: v === current ? { value: v, selected: '' } : { value: v } },
          label(v),
        ),
      ),
    );
    return el;
  };
  const slice = select('slice', SLICES, q.slice, (s) => sliceLabel(t, s));
  const read = (): BoardQuery => ({
    from: from.value,
    to: to.value,
    businessHours: business.checked,
    slice: slice.value as BoardQuery['slice'],
  });
  const field = (label: string, input: HTMLElement) =>
    h(doc, 'label', { class: 'dp-field' }, h(doc, 'span', { class: 'dp-label' }, label), input);
  const form = h(
    doc,
    'form',
    {
      class: 'dp-controls',
      on: {
        submit: (e) => {
          e.preventDefault();
          on.change(read());
        },
      },
    },
    field(t('ui.board.from'), from),
    field(t('ui.board.to'), to),
    field(t('ui.board.slice'), slice),
    q.slice === 'agent'
      ? h(
          doc,
          'span',
          { class: 'dp-hint dp-attribution' },
          `${t('ui.board.attribution')}: ${t('ui.board.attribution_assignee')}`,
        )
      : null,
    h(
      doc,
      'label',
      { class: 'dp-field dp-switch' },
      business,
      h(doc, 'span', null, t('ui.board.business_hours')),
    ),
    h(
      doc,
      'button',
      { class: 'dp-button dp-primary', attrs: { type: 'submit' } },
      t('ui.board.apply'),
    ),
    h(
      doc,
      'button',
      { class: 'dp-button', attrs: { type: 'button' }, on: { click: on.download } },
      t('ui.board.download_csv'),
    ),
  );
  // Switches and pickers apply at once; dates wait for Apply so a half-typed date is not sent.
  for (const el of [business, slice])
    el.addEventListener('change', () => {
      on.change(read());
    });
  return form;
}

import { describe, expect, it } from 'vitest';
import { h } from '../../../plugin/src/dom.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { loadInto } from '../../../plugin/src/states.js';
import { click, makeDocument, text } from './dom-fixture.js';

const refused = (status: number) =>
  Object.assign(new Error('refused'), {
    status,
    responseText: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such thing' } }),
  });

describe('loadInto: the views’ one load/render/error path', () => {
  const env = { doc: makeDocument(), t: createTranslator('en') };

  it('shows the spinner while loading, then what render makes of the answer', async () => {
    const slot = h(env.doc, 'div', null, 'old');
    let answer: (value: string) => void = () => undefined;
    const loading = loadInto(env, slot, {
      loading: 'Loading things…',
      request: () => new Promise<string>((resolve) => (answer = resolve)),
      render: (value) => [h(env.doc, 'p', null, `got ${value}`)],
    });
    expect(text(slot)).toBe('Loading things…');
    answer('42');
    await loading;
    expect(text(slot)).toBe('got 42');
  });

  it('keeps what the slot shows while loading when no spinner text is given', async () => {
    const slot = h(env.doc, 'div', null, 'rows so far');
    let answer: (value: string) => void = () => undefined;
    const loading = loadInto(env, slot, {
      request: () => new Promise<string>((resolve) => (answer = resolve)),
      render: (value) => [value],
    });
    expect(text(slot)).toBe('rows so far');
    answer('more rows');
    await loading;
    expect(text(slot)).toBe('more rows');
  });

  it('shows what to do on a failure, and its retry runs the whole load again', async () => {
    const slot = h(env.doc, 'div', null);
    let calls = 0;
    await loadInto(env, slot, {
      loading: 'Loading…',
      request: () => (++calls === 1 ? Promise.reject(refused(0)) : Promise.resolve('back')),
      render: (value) => [value],
    });
    expect(slot.querySelector('[role=alert]')).not.toBeNull();
    expect(text(slot)).toContain('Try again');
    click(slot.querySelector('button'));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(text(slot)).toBe('back');
  });

  it('lets a view read a failure its own way, and offers no retry when told so', async () => {
    const slot = h(env.doc, 'div', null);
    await loadInto(env, slot, {
      request: () => Promise.reject(refused(404)),
      render: () => ['never'],
      failure: (e) =>
        (e as { status: number }).status === 404 ? h(env.doc, 'p', null, 'nothing yet') : null,
    });
    expect(text(slot)).toBe('nothing yet');
    await loadInto(env, slot, {
      request: () => Promise.reject(refused(400)),
      render: () => ['never'],
      retry: false,
    });
    expect(text(slot)).toBe('no such thing');
    expect(slot.querySelector('button')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { quarantineSection } from '../../../plugin/src/admin/quarantine-view.js';
import type { Backend } from '../../../plugin/src/backend.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { makeDocument, text } from './dom-fixture.js';

const entry = (recordKey: string, stream: string, heldEvents: number | null) => ({
  stream,
  recordKey,
  reason: 'status: invalid',
  lastSeen: '2024-03-04T10:00:00.000Z',
  heldEvents,
});

const ENTRIES = [
  entry('7001', 'tickets', 12),
  entry('7002', 'tickets', 1),
  entry('7003', 'tickets', 0),
  entry('55', 'ticket_events', null),
];

function backendOf(entries: unknown[]): Backend {
  const refuse = () => Promise.reject(new Error('not used'));
  return {
    get: <T>() => Promise.resolve({ entries } as T),
    getText: refuse,
    post: refuse,
    put: refuse,
    patch: refuse,
    delete: refuse,
  };
}

describe('admin quarantine view', () => {
  it("says how many of a quarantined ticket's events wait for it, in both languages", async () => {
    const wanted = {
      en: ['12 events of this ticket are stored and wait for it', '1 event of this ticket is'],
      it: ['12 eventi di questo ticket sono salvati', '1 evento di questo ticket è salvato'],
    };
    for (const lang of ['en', 'it'] as const) {
      const doc = makeDocument();
      const section = quarantineSection({
        doc,
        t: createTranslator(lang),
        backend: backendOf(ENTRIES),
      });
      await section.load();
      const held = [...section.element.querySelectorAll('[data-held-events]')];
      expect(held.map((el) => el.getAttribute('data-held-events'))).toEqual(['12', '1']);
      const [many, one] = wanted[lang];
      expect(text(section.element)).toContain(many);
      expect(text(section.element)).toContain(one);
      // Nothing waits behind a stored ticket or an event's record.
      const row = (key: string) => section.element.querySelector(`[data-record$=":${key}"]`);
      expect(row('7003')?.querySelector('[data-held-events]')).toBeNull();
      expect(row('55')?.querySelector('[data-held-events]')).toBeNull();
    }
  });
});

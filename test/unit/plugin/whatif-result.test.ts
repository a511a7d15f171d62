import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { whatIfResult } from '../../../plugin/src/whatif/whatif-result.js';
import type { Comparison, WhatIfReport } from '../../../src/services/whatif/contracts.js';
import { makeDocument, text } from './dom-fixture.js';

const scope = (tickets: number): Comparison => ({ tickets, sla: [], durations: [] });

function report(slices: WhatIfReport['slices']): WhatIfReport {
  return {
    asOf: '2026-12-06T12:00:00.000Z',
    range: { from: '2026-01-01', to: '2026-12-06' },
    overall: scope(10),
    months: [],
    slices,
    flips: { total: 0, achievedToBreached: 0, breachedToAchieved: 0, tickets: [] },
    replaySeconds: 0.1,
  };
}

/** The first cell of every row of the slices table. */
function sliceLabels(el: HTMLElement): string[] {
  return [...el.querySelectorAll('[data-whatif="slices"] tbody tr')].map((tr) =>
    text(tr.querySelector('td')),
  );
}

describe('what-if result: slice rows', () => {
  const doc = makeDocument();
  const open = () => undefined;

  it('names groups as the API resolved them, #id when unnamed, and the tickets without one', () => {
    const slices = [
      { value: '', name: null, ...scope(1) },
      { value: '501', name: 'Tier 1', ...scope(5) },
      { value: '999', name: null, ...scope(4) },
    ];
    const el = whatIfResult(doc, createTranslator('en'), report(slices), open, 'group');
    expect(sliceLabels(el)).toEqual(['(none)', 'Tier 1', '#999']);
  });

  it('shows priorities by the app’s own translated label', () => {
    const slices = [
      { value: 'high', name: null, ...scope(3) },
      { value: 'low', name: null, ...scope(7) },
    ];
    const en = whatIfResult(doc, createTranslator('en'), report(slices), open, 'priority');
    expect(sliceLabels(en)).toEqual(['High', 'Low']);
    const it = whatIfResult(doc, createTranslator('it'), report(slices), open, 'priority');
    expect(sliceLabels(it)).toEqual(['Alta', 'Bassa']);
  });

  it('shows channels by their translated label, an unknown code as itself', () => {
    const slices = [
      { value: 'voice', name: 'voice', ...scope(3) },
      { value: 'source_42', name: 'source_42', ...scope(7) },
    ];
    const it = whatIfResult(doc, createTranslator('it'), report(slices), open, 'channel');
    expect(sliceLabels(it)).toEqual(['Telefono', 'source_42']);
  });
});

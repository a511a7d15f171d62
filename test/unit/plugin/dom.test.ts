import { describe, expect, it } from 'vitest';
import { dataTable, h } from '../../../plugin/src/dom.js';
import { makeDocument, text } from './dom-fixture.js';

describe('dataTable', () => {
  it('heads each column with scope=col, leaves out null titles, keeps the rows in order', () => {
    const doc = makeDocument();
    const row = (a: string, b: string) =>
      h(doc, 'tr', null, h(doc, 'td', null, a), h(doc, 'td', null, b));
    const table = dataTable(
      doc,
      { class: 'dp-table', attrs: { 'data-x': 'y' } },
      ['Ticket', null, 'Value', ''],
      [row('#1', '5'), row('#2', '7')],
    );
    const heads = [...table.querySelectorAll('thead th')];
    expect(heads.map((th) => text(th))).toEqual(['Ticket', 'Value', '']);
    expect(heads.every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect([...table.querySelectorAll('tbody tr')].map((tr) => text(tr))).toEqual(['#15', '#27']);
    expect(table.className).toBe('dp-table');
    expect(table.getAttribute('data-x')).toBe('y');
  });
});

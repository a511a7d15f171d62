import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../../src/services/kpi/csv.js';

describe('csvLine (RFC 4180 with a formula-injection guard)', () => {
  it.each([
    [['a', 'b'], 'a,b'],
    [['x,y', 'say "hi"', 'two\nlines'], '"x,y","say ""hi""","two\nlines"'],
    [[null, 0, -5, 1.5], ',0,-5,1.5'],
    [['=SUM(A1)', '+1', '-2', '@cmd', '\tx', 'ok=1'], "'=SUM(A1),'+1,'-2,'@cmd,'\tx,ok=1"],
    [['=1,2'], `"'=1,2"`],
    [[Number.NaN], ''],
  ])('%j → %s', (values, want) => {
    expect(csvLine(values)).toBe(`${want}\r\n`);
  });
});

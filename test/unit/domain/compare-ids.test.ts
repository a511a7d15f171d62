import { describe, expect, it } from 'vitest';
import { compareIdsForDisplay } from '../../../src/domain/index.js';

describe('compareIdsForDisplay', () => {
  it('lists numbered tickets as the helpdesk does: #9 before #10, #100 after #99', () => {
    const ids = ['100', '10', '9', '103', '13', '99', '1'];
    expect([...ids].sort(compareIdsForDisplay)).toEqual(['1', '9', '10', '13', '99', '100', '103']);
  });

  it('puts ids that are not numbers after the numbered ones, in code-unit order', () => {
    const ids = ['b-2', '1:', '10', 'a-10', '9', 'a-9'];
    expect([...ids].sort(compareIdsForDisplay)).toEqual(['9', '10', '1:', 'a-10', 'a-9', 'b-2']);
  });
});

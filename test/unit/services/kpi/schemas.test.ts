import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/errors.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  parseQuery,
} from '../../../../src/services/kpi/schemas.js';

const board = (q: Record<string, string>) => parseQuery(BoardQuerySchema, q);

describe('KPI query schemas', () => {
  it('applies the contract defaults and turns businessHours text into a boolean', () => {
    expect(board({ from: '2024-03-01', to: '2024-03-31' })).toEqual({
      from: '2024-03-01',
      to: '2024-03-31',
      businessHours: false,
      slice: 'none',
      attribution: 'assignee',
    });
    expect(
      board({ from: '2024-03-01', to: '2024-03-01', businessHours: 'true' }).businessHours,
    ).toBe(true);
  });

  it.each([
    [{ from: '2024-03-02', to: '2024-03-01' }, 'from: from must not be after to'],
    [
      { from: '2023-01-01', to: '2024-02-05' },
      'to: the range spans 401 days; at most 400 are allowed',
    ],
    [{ from: '2024-02-30', to: '2024-03-01' }, 'from: not a calendar date'],
    [{ from: '2024-3-1', to: '2024-03-01' }, 'from: expected YYYY-MM-DD'],
    [{ from: '2024-03-01', to: '2024-03-01', businessHours: 'yes' }, 'businessHours'],
    [{ from: '2024-03-01', to: '2024-03-01', slice: 'team' }, 'slice'],
  ])('rejects %j naming the field', (query, message) => {
    expect(() => board(query)).toThrow(ValidationError);
    expect(() => board(query)).toThrow(message);
  });

  it('accepts exactly 400 days', () => {
    expect(board({ from: '2023-01-01', to: '2024-02-04' }).to).toBe('2024-02-04');
  });

  it('needs a sliceValue to drill into a slice, and bounds limit', () => {
    const base = { kpi: 'csat', from: '2024-03-01', to: '2024-03-02' };
    expect(() => parseQuery(DrilldownQuerySchema, { ...base, slice: 'group' })).toThrow(
      'sliceValue: sliceValue is required with slice=group',
    );
    expect(() => parseQuery(DrilldownQuerySchema, { ...base, limit: '0' })).toThrow('limit');
    expect(parseQuery(DrilldownQuerySchema, { ...base, limit: '25' }).limit).toBe(25);
  });
});

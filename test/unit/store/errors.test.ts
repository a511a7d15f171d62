import { describe, expect, it } from 'vitest';
import { StoreError, toStoreError } from '../../../src/store/errors.js';

const withCode = (code: string) => Object.assign(new Error(`failed ${code}`), { code });

describe('toStoreError', () => {
  it.each([
    ['40001', true],
    ['40P01', true],
    ['08006', true],
    ['57P01', true],
    ['ECONNREFUSED', true],
    ['23505', false],
    ['23514', false],
    ['42P01', false],
  ])('classifies %s as retryable=%s and keeps the SQLSTATE', (code, retryable) => {
    const error = toStoreError(withCode(code));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.retryable).toBe(retryable);
    expect(error.sqlState).toBe(code.startsWith('E') ? null : code);
    expect(error.code).toBe('STORE_FAILED');
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Client has encountered a connection error and is not queryable',
    'timeout exceeded when trying to connect',
  ])('classifies the code-less connection loss %j as retryable (issue 13)', (message) => {
    expect(toStoreError(new Error(message)).retryable).toBe(true);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', '57P01', '40001', '40P01', '08006', '08003'])(
    'classifies the transient %s as retryable',
    (code) => {
      expect(toStoreError(withCode(code)).retryable).toBe(true);
    },
  );

  it('keeps an existing StoreError and wraps anything else as fatal', () => {
    const original = new StoreError('x', { retryable: true });
    expect(toStoreError(original)).toBe(original);
    expect(toStoreError('boom').retryable).toBe(false);
  });
});

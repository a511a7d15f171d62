import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/errors.js';
import { classifyFailure } from '../../../src/queue/outcome.js';
import { toStoreError } from '../../../src/store/errors.js';

const withCode = (message: string, code?: string) =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

/** Issue 13, cause 5: one PostgreSQL restart failed four jobs for good. */
describe('classifyFailure: transient database and Redis errors are retried', () => {
  it.each([
    [
      'PostgreSQL connection lost (no code)',
      toStoreError(withCode('Connection terminated unexpectedly')),
    ],
    ['PostgreSQL shutting down', toStoreError(withCode('terminating connection', '57P01'))],
    ['serialisation failure', toStoreError(withCode('could not serialize access', '40001'))],
    ['deadlock', toStoreError(withCode('deadlock detected', '40P01'))],
    ['Redis connection closed (ioredis)', withCode('Connection is closed.')],
    ['Redis reset', withCode('read ECONNRESET', 'ECONNRESET')],
  ])('%s: retry', (_label, error) => {
    expect(classifyFailure(error)).toEqual({ kind: 'retry', delayMs: null });
  });

  it.each([
    ['a unique violation', toStoreError(withCode('duplicate key', '23505'))],
    ['an auth failure', new ConnectorError('AUTH_FAILED', 'GET /x: 401')],
  ])('%s: fail for good', (_label, error) => {
    expect(classifyFailure(error).kind).toBe('fail');
  });
});

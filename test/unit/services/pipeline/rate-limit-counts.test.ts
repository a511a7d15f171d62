import { describe, expect, it } from 'vitest';
import type { HelpdeskConnector, RateLimitState } from '../../../../src/connectors/connector.js';
import {
  PUSH_BACK_RATE_LIMIT,
  recordRateLimit,
} from '../../../../src/services/pipeline/rate-limit-counts.js';

/** A connector whose cumulative 429 count the test moves; nothing else of it is used. */
function connectorWith(state: RateLimitState): HelpdeskConnector {
  return { rateLimit: () => ({ ...state }) } as unknown as HelpdeskConnector;
}

type Recorded = { subject: string; count429: number };

function storeRecording(records: Recorded[], failNext = { value: false }) {
  return {
    recordRateLimit(_id: string, subject: string, entry: { count429: number }) {
      if (failNext.value) {
        failNext.value = false;
        return Promise.reject(new Error('database down'));
      }
      records.push({ subject, count429: entry.count429 });
      return Promise.resolve();
    },
  };
}

/** 429s met during push-back (issue 13, minor): counted once, under push_back, never twice. */
describe('recordRateLimit', () => {
  it("records push-back's 429s under push_back, and a later sync only the ones after them", async () => {
    const state = { count429: 2, remaining: 10, limit: 400 };
    const connector = connectorWith(state);
    const records: Recorded[] = [];
    const store = storeRecording(records);
    await recordRateLimit(store, connector, 'i1', PUSH_BACK_RATE_LIMIT, 1);
    state.count429 = 5;
    await recordRateLimit(store, connector, 'i1', 'tickets', 2);
    await recordRateLimit(store, connector, 'i1', 'tickets', 3);
    expect(records).toEqual([
      { subject: 'push_back', count429: 2 },
      { subject: 'tickets', count429: 3 },
      { subject: 'tickets', count429: 0 },
    ]);
  });

  it('gives the count back when the write fails, so the next record counts it', async () => {
    const state = { count429: 4, remaining: null, limit: null };
    const connector = connectorWith(state);
    const records: Recorded[] = [];
    const failNext = { value: true };
    const store = storeRecording(records, failNext);
    await expect(recordRateLimit(store, connector, 'i1', PUSH_BACK_RATE_LIMIT, 1)).rejects.toThrow(
      'database down',
    );
    await recordRateLimit(store, connector, 'i1', PUSH_BACK_RATE_LIMIT, 2);
    expect(records).toEqual([{ subject: 'push_back', count429: 4 }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/errors.js';
import { installation, seed, solvedTicket, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601')]);
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('a CSV export that fails after its header', () => {
  it('ends the response as failed, never as a complete file, and logs it', async () => {
    // The store fails once the header row has gone out, as a lost connection mid-export would.
    const query = h.store.queryTicketMetrics.bind(h.store);
    h.store.queryTicketMetrics = () => Promise.reject(new StoreError('connection lost'));
    try {
      const response = await fetch(
        `${h.base}/api/v1/kpis/export.csv?from=2024-03-01&to=2024-03-01`,
        {
          headers: { authorization: `Bearer ${a.secret}` },
        },
      );
      // The status went out with the header row; only the body can carry the failure.
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    } finally {
      h.store.queryTicketMetrics = query;
    }
    const requestIds = h.logs
      .map(
        (line) =>
          JSON.parse(line) as { msg?: string; requestId?: string; err?: string; code?: string },
      )
      .filter((entry) => entry.msg === 'CSV export failed after its header');
    expect(requestIds).toHaveLength(1);
    expect(requestIds[0]?.err).toBe('StoreError');
    expect(requestIds[0]?.code).toBe('STORE_FAILED');
    expect(requestIds[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still completes a healthy export', async () => {
    const response = await fetch(`${h.base}/api/v1/kpis/export.csv?from=2024-03-01&to=2024-03-01`, {
      headers: { authorization: `Bearer ${a.secret}` },
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines.map((line) => line.split(',')[0])).toEqual(['ticket_id', '1001']);
  });
});

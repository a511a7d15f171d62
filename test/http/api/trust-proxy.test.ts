import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import { call, startApi, type ApiHarness } from './support.js';

const SURVEY = '/surveys/ces/not-a-token';
let h: ApiHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function statuses(harness: ApiHarness, clients: readonly string[]) {
  const out: number[] = [];
  for (const client of clients) {
    const r = await call(harness, 'GET', SURVEY, { headers: { 'x-forwarded-for': client } });
    out.push(r.status);
  }
  return out;
}

describe('TRUST_PROXY and the survey rate limit', () => {
  it('behind a trusted proxy, each X-Forwarded-For client has its own budget', async () => {
    h = await startApi({ surveyLimit: 2, trustProxy: 'loopback' });
    const a = '203.0.113.7';
    const b = '198.51.100.9';
    expect(await statuses(h, [a, a, a, b, b, b])).toEqual([404, 404, 429, 404, 404, 429]);
  }, 60_000);

  it('trusts one hop: the address the proxy appended, not one the client forged', async () => {
    h = await startApi({ surveyLimit: 1, trustProxy: 1 });
    // A client's own X-Forwarded-For comes first; the proxy appends the address it saw.
    const forged = ['1.1.1.1, 203.0.113.7', '2.2.2.2, 203.0.113.7', '1.1.1.1, 198.51.100.9'];
    expect(await statuses(h, forged)).toEqual([404, 429, 404]);
  }, 60_000);

  it('without it, X-Forwarded-For is ignored: everyone behind the proxy shares one budget', async () => {
    h = await startApi({ surveyLimit: 2 });
    expect(await statuses(h, ['203.0.113.7', '198.51.100.9', '192.0.2.1'])).toEqual([
      404, 404, 429,
    ]);
  }, 60_000);

  it('reads TRUST_PROXY with express semantics and refuses junk', () => {
    const base = { DATA_DIR: './data' };
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(loadConfig({ ...base, TRUST_PROXY: '' }).TRUST_PROXY).toBeUndefined();
    expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.1;rm' })).toThrow(/TRUST_PROXY/);
  });
});

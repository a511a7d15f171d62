import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, intBetween, pickOne, type Random } from '../../../src/simulator/prng.js';
import {
  ADMIN_TOKEN,
  call,
  installation,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

const REQUESTS_PER_OPERATION = 150;
const CONCURRENCY = 8;

let h: ApiHarness;
let a: { id: string; secret: string };
let operations: { method: string; path: string }[];

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601')]);
  const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
  // Admin webhook registration may reach for Zendesk: no network, so it fails as a 502.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}, 60_000);

afterAll(async () => {
  nock.enableNetConnect();
  await h.close();
});

const SEGMENTS = [
  '1001',
  '501',
  '601',
  '0',
  '-1',
  '99999999999999999999999',
  'abc',
  '%E0%A4%A',
  '%00',
  '%2e%2e',
  '..',
  'x'.repeat(700),
  '%F0%9F%92%A9',
  'null',
  '1.5',
  "1'--",
  '%25',
];

function randomJson(random: Random, depth = 0): unknown {
  const kind = intBetween(random, 0, depth > 2 ? 4 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return pickOne(random, [0, -1, 1.5, 1e308, 43_201, 7, Number.MAX_SAFE_INTEGER]);
    case 2:
      return pickOne(random, ['', 'x', '2024-02-30', 'true', '<script>', '\u0000', 'é'.repeat(50)]);
    case 3:
      return random() < 0.5;
    case 4:
      return pickOne(random, ['1001', a.id, '00000000-0000-0000-0000-000000000000']);
    case 5:
      return Array.from({ length: intBetween(random, 0, 3) }, () => randomJson(random, depth + 1));
    default: {
      const keys = [
        'value',
        'since',
        'entryId',
        'seconds',
        'stream',
        'recordKey',
        'helpdesk',
        'domain',
        'credentials',
        'settings',
        'schedules',
        'slaPolicy',
        '__proto__',
        'constructor',
      ];
      const out: Record<string, unknown> = {};
      for (let i = intBetween(random, 0, 4); i > 0; i -= 1) {
        out[pickOne(random, keys)] = randomJson(random, depth + 1);
      }
      return out;
    }
  }
}

function randomRequest(random: Random, op: { method: string; path: string }) {
  const path = op.path.replace(/\{[^}]+\}/g, () =>
    random() < 0.2 ? a.id : pickOne(random, SEGMENTS),
  );
  const query = Array.from({ length: intBetween(random, 0, 3) }, () => {
    const key = pickOne(random, ['limit', 'includeResolved', 'from', 'to', 'kpi', 'a[b]', 'limit']);
    return `${key}=${encodeURIComponent(String(randomJson(random, 3)))}`;
  }).join('&');
  const token = pickOne(random, [null, a.secret, ADMIN_TOKEN, 'garbage', `${a.secret} extra`]);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (op.method !== 'GET' && random() < 0.9) {
    const style = intBetween(random, 0, 3);
    if (style === 0) {
      body = '{"value": 5,';
      headers['content-type'] = 'application/json';
    } else if (style === 1) {
      body = `value=${encodeURIComponent(String(randomJson(random, 3)))}&value=2`;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (style === 2) {
      body = JSON.stringify(randomJson(random));
      headers['content-type'] = pickOne(random, ['text/plain', 'application/json; charset=latin9']);
    } else {
      body = JSON.stringify(randomJson(random));
      headers['content-type'] = 'application/json';
    }
  }
  return {
    method: op.method,
    path: query === '' ? path : `${path}?${query}`,
    token,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

describe('fuzz: malformed requests against every documented route', () => {
  it('never answers 500', async () => {
    const random = createRandom('api-fuzz', 1);
    const requests = operations.flatMap((op) =>
      Array.from({ length: REQUESTS_PER_OPERATION }, () => randomRequest(random, op)),
    );
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next];
        next += 1;
        if (request === undefined) break;
        const r = await call(h, request.method, request.path, request);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500 && r.status !== 502) {
          failures.push(
            `${request.method} ${request.path} -> ${String(r.status)} ${r.text.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(requests.length).toBeGreaterThanOrEqual(3000);
    expect(failures).toEqual([]);
    // The fuzzer must reach past auth and validation sometimes, or it proves little.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
  }, 600_000);
});

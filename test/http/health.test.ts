import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthRouter, type ReadinessCheck } from '../../src/http/routes/health.js';

let server: Server | undefined;

async function serve(checks: ReadinessCheck[]): Promise<string> {
  const app = express().use(createHealthRouter(checks));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('health probes', () => {
  const up = { name: 'store', check: () => Promise.resolve() };
  const down = { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7')) };

  it('/healthz answers 200 whatever the dependencies do', async () => {
    const base = await serve([down]);
    const response = await fetch(`${base}/healthz`);
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('/readyz answers 503 naming the failed dependency, without its error text', async () => {
    const base = await serve([up, down]);
    const response = await fetch(`${base}/readyz`);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'NOT_READY', message: 'not ready: redis unavailable' },
      checks: { store: 'ok', redis: 'failed' },
    });
    expect(text).not.toContain('10.0.0.7');
  });
});

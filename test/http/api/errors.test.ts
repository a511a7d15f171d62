import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../../src/http/api/errors.js';
import { mountRoutes } from '../../../src/http/api/mount.js';
import { requestId } from '../../../src/http/api/request-id.js';
import { defineRoute } from '../../../src/http/api/route.js';
import { createLogger } from '../../../src/logging.js';

const logs: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const boom = defineRoute({
    method: 'get',
    path: '/boom',
    auth: 'public',
    tag: 't',
    summary: 'throws',
    responses: {},
    handler: () => Promise.reject(new Error('connect ECONNREFUSED postgres://user:pw@db/x')),
  });
  const app = express()
    .use(requestId)
    .use(mountRoutes([boom], null))
    .use(createErrorHandler(createLogger('info', sink)));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('unexpected errors', () => {
  it('answer 500 INTERNAL with the request id and nothing of the error', async () => {
    const response = await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-12345678' } });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: 'internal error', requestId: 'req-12345678' },
    });
    expect(text).not.toContain('ECONNREFUSED');
    const line = JSON.parse(logs.join('').trim().split('\n').at(-1) ?? '{}') as {
      requestId?: string;
      level?: number;
    };
    expect(line).toMatchObject({ requestId: 'req-12345678', level: 50 });
    expect(logs.join('')).not.toContain('ECONNREFUSED');
    expect(logs.join('')).toContain('errors.test.ts');
  });

  it('replace a caller request id that is not short and plain', async () => {
    const response = await fetch(`${base}/boom`, { headers: { 'x-request-id': 'a b\u00e9' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, installation, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApi();
}, 60_000);

afterAll(async () => {
  await h.close();
});

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; parameters: { name: string }[] }>>;
}

/** Every `METHOD path` express has mounted, read from the router stack (nested routers too). */
function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const method of Object.keys(layer.route.methods)) {
          out.push(`${method} ${layer.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack !== undefined) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out.sort();
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const r = await call(h, 'GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    const spec = doc as unknown as Parameters<Validator['validate']>[0];
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists exactly the routes the app mounts, with their auth and parameters', async () => {
    const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as OpenApiDoc;
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    const app = h.app;
    expect(documented).toEqual(mountedRoutes(app));
    expect(documented.length).toBeGreaterThanOrEqual(20);
    const clocks = doc.paths['/api/v1/tickets/{ticketId}/clocks']?.['get'];
    expect(clocks?.security).toEqual([{ appSecret: [] }]);
    expect(clocks?.parameters.map((p) => p.name)).toEqual(['ticketId']);
    expect(doc.paths['/api/v1/admin/installations']?.['post']?.security).toEqual([
      { adminToken: [] },
    ]);
  });

  it('documents request bodies from the validating zod schemas', async () => {
    const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const body = doc.paths['/api/v1/tickets/{ticketId}/handle-time']?.['post']?.requestBody;
    expect(body?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['entryId', 'agentId', 'seconds', 'startedAt', 'endedAt'],
      properties: { seconds: { type: 'integer', minimum: 1, maximum: 43_200 } },
      additionalProperties: false,
    });
  });
});

describe('probes and metrics', () => {
  it('/healthz and /readyz answer 200 with the store up', async () => {
    expect((await call(h, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await call(h, 'GET', '/readyz')).json).toEqual({
      status: 'ok',
      checks: { store: 'ok' },
    });
  });

  it('/metrics exposes request latency by route pattern, and no secrets', async () => {
    const a = await installation(h);
    await call(h, 'GET', '/api/v1/tickets/1/clocks', { token: a.secret });
    const r = await call(h, 'GET', '/metrics', { token: ADMIN_TOKEN });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(r.text).toMatch(
      /deskpulse_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/tickets\/:ticketId\/clocks",status="404"\} 1/,
    );
    expect(r.text).toContain('deskpulse_http_rate_limited_total');
    expect(r.text).not.toContain(a.secret);
  });
});

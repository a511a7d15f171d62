import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument, openApiPath } from '../../../src/http/api/openapi.js';
import { defineRoute } from '../../../src/http/api/route.js';

describe('OpenAPI generation', () => {
  it('turns express parameters into OpenAPI ones', () => {
    expect(openApiPath('/api/v1/tickets/:ticketId/clocks')).toBe(
      '/api/v1/tickets/{ticketId}/clocks',
    );
  });

  it('renders params, query and body from the zod schemas the route validates with', () => {
    const route = defineRoute({
      method: 'post',
      path: '/things/:id',
      auth: 'admin',
      tag: 't',
      summary: 's',
      params: z.object({ id: z.uuid() }),
      query: z.object({ limit: z.coerce.number().int().max(5).default(1), q: z.string() }),
      body: z.object({ value: z.number().int().min(1).max(7) }),
      responses: { 201: { description: 'made' } },
      handler: () => Promise.resolve({ status: 204 }),
    });
    const doc = buildOpenApiDocument([route], '1');
    const op = doc.paths['/things/{id}']?.['post'] as {
      parameters: { name: string; in: string; required: boolean }[];
      requestBody: { content: { 'application/json': { schema: unknown } } };
      security: unknown;
    };
    expect(op.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['limit', 'query', false],
      ['q', 'query', true],
    ]);
    expect(op.requestBody.content['application/json'].schema).toMatchObject({
      properties: { value: { type: 'integer', minimum: 1, maximum: 7 } },
    });
    expect(op.security).toEqual([{ adminToken: [] }]);
  });
});

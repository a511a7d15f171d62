import { z } from 'zod';
import type { ApiRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), describing what is accepted. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  // The dialect is the document's (OpenAPI 3.1 = 2020-12); a per-schema $schema is noise.
  const rest: JsonSchema = { ...(json as JsonSchema) };
  delete rest['$schema'];
  return rest;
}

/** `/a/:b/c` → `/a/{b}/c`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (schema === undefined) return [];
  const json = toSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
      },
    },
  },
};

function operationOf(route: ApiRoute) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const contentType = spec.contentType ?? 'application/json';
    const schema = spec.schema === undefined ? {} : toSchema(spec.schema, 'output');
    responses[status] =
      status === '204'
        ? { description: spec.description }
        : { description: spec.description, content: { [contentType]: { schema } } };
  }
  responses['default'] = {
    description: 'Error: `{ error: { code, message, requestId } }`',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  const operation: Record<string, unknown> = {
    operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    parameters: [
      ...parametersOf(route.schemas.params, 'path'),
      ...parametersOf(route.schemas.query, 'query'),
    ],
    responses,
  };
  if (route.auth === 'installation') {
    const withClaim = { appSecret: [], roleClaim: [] };
    // `board` routes need the claim only while the installation sets boardRoles.
    operation['security'] =
      route.roles === undefined
        ? [{ appSecret: [] }]
        : route.roles === 'board'
          ? [{ appSecret: [] }, withClaim]
          : [withClaim];
  }
  if (route.auth === 'admin') operation['security'] = [{ adminToken: [] }];
  if (route.auth === 'metrics') operation['security'] = [{ metricsToken: [] }];
  if (route.schemas.body !== undefined) {
    const schema = toSchema(route.schemas.body, 'input');
    const content: Record<string, unknown> = { 'application/json': { schema } };
    if (route.bodyTypes === 'json-or-form')
      content['application/x-www-form-urlencoded'] = { schema };
    operation['requestBody'] = { required: true, content };
  }
  return operation;
}

/** The OpenAPI 3.1 document of `routes`, generated from their zod schemas. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Deskpulse API',
      version,
      description:
        'Sidebar, KPI, alert, admin and survey endpoints. Errors are `{ error: { code, message } }`. ' +
        "Every KPI's formula, clock and edge cases: docs/metrics.md in the Deskpulse repository.",
    },
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        appSecret: {
          type: 'http',
          scheme: 'bearer',
          description: "The installation's app secret (Zendesk app secure setting)",
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The ADMIN_TOKEN environment value',
        },
        roleClaim: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Deskpulse-Role-Claim',
          description:
            "HS256 JWT { sub, role, iat, exp } signed by Zendesk's proxy with the role_claim_key setting",
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The METRICS_TOKEN environment value (ADMIN_TOKEN when it is unset)',
        },
      },
    },
  };
}

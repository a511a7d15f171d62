import type { Request } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import {
  receiveZendeskWebhook,
  type WebhookIntakeDeps,
} from '../../services/pipeline/webhook-intake.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

/**
 * `POST /webhooks/zendesk/:installationId` as a documented route: the signed body is read raw
 * (the signature covers the exact bytes) and handed to webhook intake.
 */
export function webhookRoute(deps: WebhookIntakeDeps): ApiRoute {
  return defineRoute({
    method: 'post',
    path: '/webhooks/zendesk/:installationId',
    auth: 'public',
    tag: 'ops',
    summary: 'Zendesk webhook intake (HMAC-signed body; enqueues a ticket refresh)',
    params: z.object({ installationId: z.string().min(1).max(100) }).strict(),
    bodyTypes: 'raw',
    responses: {
      202: {
        description: 'Accepted or a duplicate delivery',
        schema: z.object({ status: z.enum(['accepted', 'duplicate']) }),
      },
    },
    handler: async ({ params, req }) => ({
      status: 202,
      json: await receiveZendeskWebhook(deps, {
        installationId: params.installationId,
        headers: singleHeaders(req),
        // express.raw leaves the body unset when there was none; an empty body then fails the check.
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      }),
    }),
  });
}

/** Single-valued headers; a repeated header is ambiguous, so it counts as missing. */
function singleHeaders(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = typeof value === 'string' ? value : undefined;
  }
  return out;
}

/** `GET /metrics` (Prometheus text) and `GET /api/v1/openapi.json`. */
export function opsRoutes(registry: Registry, openApi: () => unknown): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      auth: 'metrics',
      tag: 'ops',
      summary: 'Prometheus metrics: HTTP latency, queue depths, sync lag, 429s answered',
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
      handler: async ({ res }) => {
        const body = await registry.metrics();
        res.status(200).type(registry.contentType).send(body);
        return { handled: true };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/openapi.json',
      auth: 'public',
      tag: 'ops',
      summary: 'This OpenAPI 3.1 document, generated from the routes’ zod schemas',
      responses: { 200: { description: 'OpenAPI 3.1 document' } },
      handler: () => Promise.resolve({ status: 200, json: openApi() }),
    }),
  ];
}

import type { Router } from 'express';
import { z } from 'zod';
import { mountRoutes } from '../api/mount.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

/** One dependency the API needs to serve: its name and a cheap check that rejects when it is down. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

// A dependency slower than this is as good as down for a load balancer's probe.
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `GET /healthz` (the process answers: 200 `{ status: 'ok' }`) and `GET /readyz` (every dependency
 * answers: 200 with each check `ok`, else 503 `{ error: { code: 'NOT_READY', message }, checks }`
 * naming the failed ones). Failure reasons stay out of the body: they could carry a host or a URL.
 */
export function healthRoutes(checks: readonly ReadinessCheck[]): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      auth: 'public',
      tag: 'ops',
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handler: () => Promise.resolve({ status: 200, json: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      auth: 'public',
      tag: 'ops',
      summary: 'Readiness: the database (and Redis in production mode) answer',
      responses: {
        200: { description: 'Ready; each check ok' },
        503: { description: 'NOT_READY, naming the failed checks' },
      },
      handler: async () => {
        const results = await Promise.all(
          checks.map(async ({ name, check }) => [name, await outcomeOf(check)] as const),
        );
        const failed = results.filter(([, outcome]) => outcome === 'failed').map(([name]) => name);
        const body = { checks: Object.fromEntries(results) };
        if (failed.length === 0) return { status: 200, json: { status: 'ok', ...body } };
        const message = `not ready: ${failed.join(', ')} unavailable`;
        return { status: 503, json: { error: { code: 'NOT_READY', message }, ...body } };
      },
    }),
  ];
}

/** The probes on a router of their own (public routes only, so no auth dependencies). */
export function createHealthRouter(checks: readonly ReadinessCheck[]): Router {
  return mountRoutes(healthRoutes(checks), null);
}

async function outcomeOf(check: () => Promise<void>): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error('timed out'));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

import { Router, type Response } from 'express';

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
export function createHealthRouter(checks: readonly ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res: Response) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await outcomeOf(check)] as const),
    );
    const failed = results.filter(([, outcome]) => outcome === 'failed').map(([name]) => name);
    const body = { checks: Object.fromEntries(results) };
    if (failed.length === 0) {
      res.json({ status: 'ok', ...body });
      return;
    }
    const message = `not ready: ${failed.join(', ')} unavailable`;
    res.status(503).json({ error: { code: 'NOT_READY', message }, ...body });
  });
  return router;
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

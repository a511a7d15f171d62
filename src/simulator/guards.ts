import type { NextFunction, Request, Response } from 'express';
import type { FaultLog } from './fault-report.js';
import { createRandom } from './prng.js';

/** Credentials the simulator accepts. */
export interface SimulatorCredentials {
  email: string;
  token: string;
  oauthToken: string;
}

/** Per-minute budgets; the incremental-export budget is separate, as in Zendesk. */
export interface RateLimitOptions {
  perMinute: number;
  exportsPerMinute: number;
  /**
   * Retry-After of a budget 429, in seconds; default: the seconds left in the window, as Zendesk
   * answers. A fixed value tests clients against a server whose advice is too short or too long.
   */
  retryAfterSeconds?: number;
}

/** Transport faults, decided per request by a PRNG keyed on the request number. */
export interface TransportFaultOptions {
  /** A 429 out of budget; Retry-After is `retryAfterSeconds` (default 1). */
  rateLimitStorm?: { probability: number; retryAfterSeconds?: number };
  serverErrors?: { probability: number; status?: number };
  dropConnection?: { probability: number };
  slowResponseMs?: { probability: number; ms: number };
}

/** 401 unless Basic `{email}/token:{token}` or Bearer `{oauthToken}` matches. */
export function authGuard(credentials: SimulatorCredentials) {
  const basic = `Basic ${Buffer.from(`${credentials.email}/token:${credentials.token}`).toString('base64')}`;
  const bearer = `Bearer ${credentials.oauthToken}`;
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization');
    if (header === basic || header === bearer) {
      next();
      return;
    }
    res.status(401).json({ error: "Couldn't authenticate you" });
  };
}

/**
 * Fixed one-minute windows on the wall clock (not the simulated clock, which tests may freeze:
 * a client honouring Retry-After must see the budget come back).
 */
export function rateLimitGuard(
  options: RateLimitOptions,
  log: FaultLog,
  wallClock: () => number = Date.now,
) {
  let window = -1;
  let used = 0;
  let exportsUsed = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    const now = wallClock();
    const current = Math.floor(now / 60_000);
    if (current !== window) {
      window = current;
      used = 0;
      exportsUsed = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil(((current + 1) * 60_000 - now) / 1000));
    const retryAfter = String(options.retryAfterSeconds ?? resetSeconds);
    // Mounted under /api/v2, so the full path is baseUrl + path.
    const isExport = `${req.baseUrl}${req.path}`.startsWith('/api/v2/incremental/');
    used += 1;
    if (isExport) exportsUsed += 1;
    const remaining = Math.max(0, options.perMinute - used);
    res.set({
      'x-rate-limit': String(options.perMinute),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-remaining': String(
        isExport ? Math.max(0, options.exportsPerMinute - exportsUsed) : remaining,
      ),
      'ratelimit-reset': String(resetSeconds),
    });
    if (used > options.perMinute) {
      log.rateLimited('budget', req);
      res.status(429).set('Retry-After', retryAfter).type('text/plain').send('Rate limit exceeded');
      return;
    }
    if (isExport && exportsUsed > options.exportsPerMinute) {
      log.rateLimited('exportsBudget', req);
      res.status(429).set('Retry-After', retryAfter).json({
        error: 'APIRateLimitExceeded',
        description: 'Number of allowed incremental export API requests per minute exceeded',
      });
      return;
    }
    next();
  };
}

/** Transport fault injection; `counter` numbers requests so a retry gets a fresh draw. */
export function transportFaultGuard(
  seed: number,
  faults: TransportFaultOptions,
  counter: { value: number },
  log: FaultLog,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    counter.value += 1;
    const random = createRandom(seed, 'transport', counter.value);
    const [drop, error, storm, slow] = [random(), random(), random(), random()];
    if (drop < (faults.dropConnection?.probability ?? 0)) {
      log.fault('dropConnection', req);
      req.socket.destroy();
      return;
    }
    if (error < (faults.serverErrors?.probability ?? 0)) {
      const status = faults.serverErrors?.status ?? 503;
      log.fault('serverErrors', req);
      res
        .status(status)
        .json({ error: 'ServiceUnavailable', description: 'Simulated server error' });
      return;
    }
    if (storm < (faults.rateLimitStorm?.probability ?? 0)) {
      log.fault('rateLimitStorm', req);
      log.rateLimited('storm', req);
      res
        .status(429)
        .set('Retry-After', String(faults.rateLimitStorm?.retryAfterSeconds ?? 1))
        .type('text/plain')
        .send('Rate limit exceeded (simulated storm)');
      return;
    }
    if (faults.slowResponseMs !== undefined && slow < faults.slowResponseMs.probability) {
      log.fault('slowResponseMs', req);
      setTimeout(next, faults.slowResponseMs.ms);
      return;
    }
    next();
  };
}

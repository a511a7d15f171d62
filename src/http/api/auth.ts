import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { hashAppSecret } from '../../security/secrets.js';
import type { Installation, InstallationStore } from '../../store/store.js';
import { HttpError } from './errors.js';
import type { RouteAuth } from './route.js';

// App secrets are 43 base64url characters; anything far longer is not one and is not hashed.
const MAX_TOKEN_LENGTH = 512;
const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/** What authentication needs: the store (installation secrets) and the admin token, if any. */
export interface AuthDeps {
  store: InstallationStore;
  adminToken: string | undefined;
  /** The Prometheus scraper's token for `/metrics`; ADMIN_TOKEN serves when it is unset. */
  metricsToken?: string | undefined;
  /** Recently authenticated installations by secret hash (see {@link createInstallationCache}). */
  installations: InstallationCache;
  /** The server key role-claim keys derive from (role-access.ts). */
  encryptionKey: Buffer;
  /** The clock role claims' expiry is checked against. */
  now: () => number;
}

/** Installations by app-secret hash, each kept for a few seconds. */
export interface InstallationCache {
  get(hash: string, now: number): Installation | undefined;
  set(hash: string, installation: Installation, now: number): void;
  /** Drops the installation's entries (its secret was rotated, or it was deleted). */
  forget(installationId: string): void;
}

/**
 * A sidebar sends the same secret with every call, so looking it up once per few seconds instead
 * of per request takes a database round trip off each one. An installation's settings (SLA
 * policy, field mapping) reach requests within `ttlMs`; unknown secrets are never cached, so a
 * new installation works at once. A rotated or deleted installation is forgotten at once by the
 * process that rotated or deleted it (other API processes drop it within `ttlMs`). Bounded: when
 * full, the oldest entry goes first.
 */
export function createInstallationCache(ttlMs = 5_000, maxEntries = 10_000): InstallationCache {
  const entries = new Map<string, { installation: Installation; expiresAt: number }>();
  return {
    get(hash, now) {
      const entry = entries.get(hash);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now) return entry.installation;
      entries.delete(hash);
      return undefined;
    },
    set(hash, installation, now) {
      entries.delete(hash);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(hash, { installation, expiresAt: now + ttlMs });
    },
    forget(installationId) {
      for (const [hash, entry] of entries) {
        if (entry.installation.id === installationId) entries.delete(hash);
      }
    },
  };
}

const unauthorized = () =>
  new HttpError(401, 'UNAUTHORIZED', 'missing or invalid Authorization bearer token');

/**
 * Authenticates a request for a route. Installation routes look the bearer token's SHA-256 up
 * among the stored app-secret hashes (the store confirms the match in constant time); admin
 * routes compare hashes of the token and ADMIN_TOKEN with timingSafeEqual, so neither length nor
 * content leaks. Admin routes answer 503 ADMIN_DISABLED while ADMIN_TOKEN is unset, so a
 * deployment without one can never be entered with an empty token.
 */
export async function authenticate(
  auth: RouteAuth,
  req: Request,
  deps: AuthDeps,
): Promise<Installation | null> {
  if (auth === 'public') return null;
  if (auth === 'metrics') {
    checkMetricsToken(req, deps);
    return null;
  }
  if (auth === 'admin' && deps.adminToken === undefined) {
    throw new HttpError(503, 'ADMIN_DISABLED', 'admin API is disabled: ADMIN_TOKEN is not set');
  }
  const token = bearerToken(req);
  if (token === null) throw unauthorized();
  if (auth === 'admin') {
    if (!sameSecret(token, deps.adminToken ?? '')) throw unauthorized();
    return null;
  }
  const hash = hashAppSecret(token);
  const now = Date.now();
  const cached = deps.installations.get(hash, now);
  if (cached !== undefined) return cached;
  const installation = await deps.store.findInstallationBySecretHash(hash);
  if (installation === null) throw unauthorized();
  deps.installations.set(hash, installation, now);
  return installation;
}

/**
 * `/metrics` names every installation and its rate-limit figures, so it is not public: the scraper
 * sends METRICS_TOKEN (or ADMIN_TOKEN when no separate token is set); with neither set it answers
 * 503 METRICS_DISABLED, like the admin API without its token.
 */
function checkMetricsToken(req: Request, deps: AuthDeps): void {
  const expected = deps.metricsToken ?? deps.adminToken;
  if (expected === undefined) {
    throw new HttpError(
      503,
      'METRICS_DISABLED',
      'metrics are disabled: set METRICS_TOKEN (or ADMIN_TOKEN) and scrape with it as a bearer token',
    );
  }
  const token = bearerToken(req);
  if (token === null || !sameSecret(token, expected)) throw unauthorized();
}

/** The bearer token of the Authorization header, or null when absent or malformed. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.length > MAX_TOKEN_LENGTH + 7) return null;
  const match = BEARER.exec(header);
  return match?.[1] ?? null;
}

/** Constant-time equality of two secrets of any lengths (compares their digests). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

const BASIC = /^Basic ([A-Za-z0-9+/=]{1,1024})$/;

/**
 * The gate of Bull Board (a browser UI): the admin bearer token as for the API, or HTTP Basic
 * with ADMIN_TOKEN as the password (any user name), because a browser can send Basic
 * credentials with every page and asset request after one prompt, and never a bearer header.
 */
export async function authenticateAdminUi(req: Request, deps: AuthDeps): Promise<void> {
  const header = req.headers.authorization;
  const basic = typeof header === 'string' ? BASIC.exec(header) : null;
  if (basic === null) {
    await authenticate('admin', req, deps);
    return;
  }
  if (deps.adminToken === undefined) {
    throw new HttpError(503, 'ADMIN_DISABLED', 'admin API is disabled: ADMIN_TOKEN is not set');
  }
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  if (!decoded.includes(':') || !sameSecret(password, deps.adminToken)) throw unauthorized();
}

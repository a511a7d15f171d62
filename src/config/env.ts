import { z } from 'zod';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../domain/defaults.js';
import { TimeZoneSchema } from '../domain/index.js';
import { DEFAULT_FIRST_SYNC_DAYS } from '../services/pipeline/sync-deps.js';
import { ConfigError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Every environment variable Deskpulse reads. Nothing else touches `process.env`; composition roots
 * call `loadConfig()` once and hand each module the slice it needs.
 */
export const ConfigSchema = z.object({
  /** Log verbosity (pino levels). */
  LOG_LEVEL: LogLevelSchema.default('info'),
  /** PostgreSQL for production mode; unset means the embedded database under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Redis for production mode (BullMQ); unset means jobs run in-process. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Where the embedded mode keeps its data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Days within which a reopen counts against the solve it undid (metrics.md §5: 7 by default). */
  REOPEN_WINDOW_DAYS: z.coerce.number().int().positive().default(DEFAULT_REOPEN_WINDOW_DAYS),
  /**
   * Days a first sync reaches back when no backfill date was given (`deskpulse backfill` and the
   * backfill API choose their own); a first pass keeps this origin until it completes.
   */
  FIRST_SYNC_DAYS: z.coerce.number().int().positive().default(DEFAULT_FIRST_SYNC_DAYS),
  /** IANA zone whose local days bucket reports and backlog (metrics.md §14.3); UTC until an admin sets one. */
  REPORTING_TIME_ZONE: TimeZoneSchema.default('UTC'),
  /**
   * Base64 of 32 random bytes; encrypts helpdesk credentials at rest (AES-256-GCM). Required with
   * DATABASE_URL; the embedded mode creates one under DATA_DIR when unset.
   */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  /** When to poll each installation for changes (node-cron syntax); every minute by default. */
  SYNC_CRON: z.string().min(1).default('* * * * *'),
  /** PostgreSQL schema for the tables (default: the connection's search_path); tests isolate with it. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .optional(),
  /** BullMQ key prefix in Redis (default `bull`); lets deployments or tests share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .optional(),
  /** Jobs of one kind a worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(256).default(4),
  /**
   * How long a stopping worker waits for its in-flight jobs (SIGTERM/SIGINT) before it stops
   * without them; BullMQ then re-runs those jobs elsewhere. Also bounds a stop while Redis is down.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().max(600_000).default(30_000),
  /**
   * How long work a worker claimed stays its own without a renewal: when a worker dies, its jobs
   * (BullMQ's lock, checked this often) and its sync lease pass to another worker after one to
   * two times this, its outbox rows after half. Lower takes over sooner; a worker that stalls
   * longer than this (a long GC pause) loses its claim, which only repeats idempotent work.
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /**
   * Production mode: how long an installation must see no analysis before the what-if replay
   * blocks its analyses dropped are rebuilt (services/whatif/rebuild-asks.ts). Each rebuild costs
   * PostgreSQL about 66 ms per block of 1,000 tickets; webhooks come in bursts seconds apart, so
   * five quiet minutes turn a burst into one rebuild. A what-if run before it builds what it needs.
   */
  REPLAY_REBUILD_QUIET_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
  /**
   * Production mode: the longest a rebuild asked for waits for a quiet spell, so an installation
   * that is never quiet still gets its blocks rebuilt this often (at most one rebuild per this).
   */
  REPLAY_REBUILD_MAX_WAIT_MS: z.coerce.number().int().min(100).max(86_400_000).default(1_800_000),
  /**
   * Bearer token for /api/v1/admin/* and Bull Board; unset disables them (503 ADMIN_DISABLED).
   * At least 32 characters: it guards every installation's data.
   */
  ADMIN_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * Bearer token of `/metrics` for the Prometheus scraper, so it need not hold the admin token;
   * unset means ADMIN_TOKEN, and with neither `/metrics` answers 503 (its series name tenants).
   */
  METRICS_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * express's `trust proxy`, so the survey rate limit keys on the client behind a reverse proxy
   * (X-Forwarded-For): `true` (trust every hop — only when nothing reaches the server directly),
   * a hop count (`1` = one proxy in front), or addresses/subnets/`loopback`/`linklocal`/
   * `uniquelocal`, comma-separated. Unset: the socket address (no proxy).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, 'true, false, a hop count, or comma-separated addresses/subnets')
    .transform(parseTrustProxy)
    .optional(),
  /**
   * This server's public base URL (https in production), used to build CES survey links and the
   * Zendesk webhook endpoint; unset means those two features answer 503 PUBLIC_URL_UNSET.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

// Production mode keeps credentials in a shared database: every process must use the same key;
// a quiet spell longer than the longest wait would never be waited for.
const ProductionRules = ConfigSchema.superRefine((config, ctx) => {
  if (config.DATABASE_URL !== undefined && config.ENCRYPTION_KEY === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['ENCRYPTION_KEY'],
      message: 'required when DATABASE_URL is set',
    });
  }
  if (config.REPLAY_REBUILD_MAX_WAIT_MS < config.REPLAY_REBUILD_QUIET_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['REPLAY_REBUILD_MAX_WAIT_MS'],
      message: 'must be at least REPLAY_REBUILD_QUIET_MS',
    });
  }
});

/**
 * Parses configuration from `source` (the process environment by default at the call site).
 * Throws ConfigError listing each bad variable and why — never its value, which may be a secret.
 */
export function loadConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const result = ProductionRules.safeParse(emptyAsUnset(source));
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues, '(root)');
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** `FOO=` in a .env file means "not set", not "set to the empty string". */
function emptyAsUnset(
  source: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source))
    if (value !== undefined && value !== '') out[key] = value;
  return out;
}

/** TRUST_PROXY text as express takes it: a boolean, a hop count, or the list of trusted proxies. */
function parseTrustProxy(text: string): boolean | number | string {
  const value = text.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

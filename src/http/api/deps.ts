import type { Router } from 'express';
import type { HelpdeskConnector } from '../../connectors/connector.js';
import type { Logger } from '../../logging.js';
import type { JobProducer } from '../../queue/queue.js';
import type { TicketStore } from '../../store/store.js';
import type { HelpdeskAccount } from '../../services/admin/install-installation.js';
import type { RateLimiter } from '../../services/surveys/rate-limit.js';
import type { MetricSources } from './metrics.js';

/** What the JSON API needs; every adapter arrives built (composition root: src/main.ts). */
export interface ApiDeps {
  store: TicketStore;
  producer: JobProducer;
  /** The one credentials → connector path (src/runtime/connector-factory.ts). */
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  /** The same path for an account not stored yet, failing fast: `install` checks credentials with it. */
  checkingConnectorFor: (account: HelpdeskAccount) => HelpdeskConnector;
  now: () => number;
  /** IANA zone whose local days the KPI rollups and date ranges use (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
  /** Reopen-rate window (REOPEN_WINDOW_DAYS) for per-ticket KPI values. */
  reopenWindowDays?: number;
  /** The credentials key: decrypts helpdesk credentials, and the survey key derives from it. */
  encryptionKey: Buffer;
  /** Unset disables the admin API and Bull Board (503 ADMIN_DISABLED). */
  adminToken?: string | undefined;
  /** Bearer token of `/metrics` (METRICS_TOKEN); ADMIN_TOKEN serves when unset. */
  metricsToken?: string | undefined;
  /** express's `trust proxy` (TRUST_PROXY): which hops' X-Forwarded-For gives `req.ip`. */
  trustProxy?: boolean | number | string | undefined;
  /** Public base URL for survey links and the Zendesk webhook endpoint. */
  publicUrl?: string | undefined;
  logger: Logger;
  metrics?: MetricSources;
  /** Bull Board's router (production mode), mounted at /admin/queues behind the admin token. */
  queueBoard?: Router;
  /** Survey endpoints' limiter; default 20 requests per minute per client address. */
  surveyRateLimiter?: RateLimiter;
}

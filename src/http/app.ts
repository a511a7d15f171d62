import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { WebhookIntakeDeps } from '../services/pipeline/webhook-intake.js';
import { createRateLimiter } from '../services/surveys/rate-limit.js';
import { deriveSurveyKey } from '../services/surveys/tokens.js';
import type { SurveyDeps } from '../services/surveys/ces-survey.js';
import {
  authenticateAdminUi,
  createInstallationCache,
  type InstallationCache,
} from './api/auth.js';
import type { ApiDeps } from './api/deps.js';
import { createErrorHandler, sendError } from './api/errors.js';
import { createApiMetrics } from './api/metrics.js';
import { mountRoutes } from './api/mount.js';
import { buildOpenApiDocument } from './api/openapi.js';
import { requestId } from './api/request-id.js';
import type { ApiRoute } from './api/route.js';
import { adminRoutes } from './routes/admin.js';
import { agreementRoutes } from './routes/agreement.js';
import { alertRoutes } from './routes/alerts.js';
import { appAdminRoutes } from './routes/app-admin.js';
import { appSecretRoutes } from './routes/app-secret.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { kpiRoutes } from './routes/kpis.js';
import { reasonRoutes, reasonSettingsRoutes } from './routes/reasons.js';
import { compareRoutes } from './routes/compare.js';
import { forecastRoutes } from './routes/forecast.js';
import {
  accountHealthRoutes,
  customerHealthRoutes,
  healthSettingsRoutes,
} from './routes/customer-health.js';
import { opsRoutes, webhookRoute } from './routes/ops.js';
import { sidebarRoutes } from './routes/sidebar.js';
import { surveyRoutes } from './routes/surveys.js';
import { whatIfRoutes } from './routes/what-if.js';

export type { ApiDeps } from './api/deps.js';

/** What the HTTP app needs; every adapter arrives built. */
export interface AppDeps {
  webhooks: WebhookIntakeDeps;
  readiness: readonly ReadinessCheck[];
  api: ApiDeps;
}

const API_VERSION = '1.0.0';
const SURVEY_REQUESTS_PER_MINUTE = 20;

/** Every documented route of the app, in mounting order (the OpenAPI document lists exactly these). */
export function appRoutes(
  deps: AppDeps,
  extra: { metrics: ApiRoute[]; installations?: InstallationCache },
): ApiRoute[] {
  const { api } = deps;
  const surveys: SurveyDeps = {
    store: api.store,
    producer: api.producer,
    now: api.now,
    surveyKey: deriveSurveyKey(api.encryptionKey),
    publicUrl: api.publicUrl ?? null,
  };
  const limiter =
    api.surveyRateLimiter ??
    createRateLimiter({ limit: SURVEY_REQUESTS_PER_MINUTE, windowMs: 60_000, now: api.now });
  return [
    ...healthRoutes(deps.readiness),
    ...extra.metrics,
    webhookRoute(deps.webhooks),
    ...sidebarRoutes(api, surveys),
    ...withRoles(
      'board',
      kpiRoutes(
        {
          store: api.store,
          now: api.now,
          reportingTimeZone: api.reportingTimeZone,
          ...(api.reopenWindowDays === undefined ? {} : { reopenWindowDays: api.reopenWindowDays }),
        },
        api.logger,
      ),
    ),
    ...withRoles('board', alertRoutes(api)),
    ...withRoles(
      'board',
      agreementRoutes({ store: api.store, reportingTimeZone: api.reportingTimeZone }),
    ),
    ...withRoles(
      'board',
      reasonRoutes({ store: api.store, reportingTimeZone: api.reportingTimeZone }),
    ),
    ...reasonSettingsRoutes(api.store),
    ...withRoles(
      'board',
      compareRoutes({ store: api.store, reportingTimeZone: api.reportingTimeZone }),
    ),
    ...withRoles('board', forecastRoutes(api)),
    ...withRoles('board', customerHealthRoutes(api)),
    ...accountHealthRoutes(api),
    ...healthSettingsRoutes(api.store),
    ...withRoles(
      'board',
      whatIfRoutes({ store: api.store, reportingTimeZone: api.reportingTimeZone, now: api.now }),
    ),
    ...appAdminRoutes(api),
    ...appSecretRoutes(api, extra.installations),
    ...adminRoutes(api, extra.installations),
    ...surveyRoutes(surveys, limiter),
  ];
}

/**
 * The board's routes (KPIs, alerts) need the caller's role to be one of the installation's
 * `boardRoles` when that setting is set; marked here so the route modules stay as they are.
 */
function withRoles(roles: 'board', routes: ApiRoute[]): ApiRoute[] {
  return routes.map((route) => ({ ...route, roles }));
}

/**
 * The express app: request ids, helmet headers, metrics and request logs, then every route
 * (health, metrics, webhooks, sidebar, admin, surveys, OpenAPI), Bull Board behind the admin
 * token when given, and one error format. No CORS headers: the Zendesk app calls through
 * Zendesk's proxy (`client.request`), and browsers elsewhere must not read the API.
 */
export function createApp(deps: AppDeps): Express {
  const { api } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Survey rate limits key on req.ip; behind a reverse proxy only this makes it the client's.
  if (api.trustProxy !== undefined) app.set('trust proxy', api.trustProxy);
  app.use(requestId);
  app.use(helmet());
  const metrics = createApiMetrics(api.metrics ?? {}, api.logger);
  app.use(metrics.observe);
  let document: unknown = null;
  const installations = createInstallationCache();
  const routes = appRoutes(deps, {
    metrics: opsRoutes(metrics.registry, () => document),
    installations,
  });
  document = buildOpenApiDocument(routes, API_VERSION);
  const auth = {
    store: api.store,
    adminToken: api.adminToken,
    metricsToken: api.metricsToken,
    installations,
    encryptionKey: api.encryptionKey,
    now: api.now,
  };
  app.use(mountRoutes(routes, auth));
  if (api.queueBoard !== undefined) {
    const board = api.queueBoard;
    app.use(
      '/admin/queues',
      (req: Request, res: Response, next: NextFunction) => {
        res.locals['route'] = '/admin/queues';
        // Browsers answer this challenge with Basic credentials (ADMIN_TOKEN as the password).
        res.setHeader('www-authenticate', 'Basic realm="deskpulse-admin", charset="UTF-8"');
        authenticateAdminUi(req, auth).then(() => {
          res.removeHeader('www-authenticate');
          next();
        }, next);
      },
      board,
    );
  }
  app.use((_req: Request, res: Response) => {
    sendError(res, 404, 'NOT_FOUND', 'no such route');
  });
  app.use(createErrorHandler(api.logger));
  return app;
}

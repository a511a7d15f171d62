import express, { type Express } from 'express';
import type { WebhookIntakeDeps } from '../services/webhook-intake.js';
import { createHealthRouter, type ReadinessCheck } from './routes/health.js';
import { createWebhookRouter } from './routes/webhooks.js';

/** What the HTTP app needs; every adapter arrives built. */
export interface AppDeps {
  webhooks: WebhookIntakeDeps;
  readiness: readonly ReadinessCheck[];
}

/** The express app: health probes and webhook intake (the sidebar and KPI APIs mount here too). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createHealthRouter(deps.readiness));
  app.use(createWebhookRouter(deps.webhooks));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
  return app;
}

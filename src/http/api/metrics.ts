import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../logging.js';
import { requestIdOf } from './request-id.js';

/** Gauges the API reads on each scrape; each source may be absent (e.g. no queue in embedded mode). */
export interface MetricSources {
  /** Waiting + active + delayed jobs per queue name. */
  queueDepths?: () => Promise<Record<string, number>>;
  /** Per installation and stream: seconds since it last stored a page, the helpdesk's 429s, budget left. */
  syncStreams?: () => Promise<SyncStreamGauges[]>;
}

/** What the sync gauges show of one installation's stream. */
export interface SyncStreamGauges {
  installationId: string;
  stream: string;
  lagSeconds: number;
  count429: number;
  rateLimitRemaining: number | null;
}

/** The API's Prometheus registry (one per app, so tests and apps never share counters). */
export interface ApiMetrics {
  registry: Registry;
  rateLimited: Counter;
  observe: (req: Request, res: Response, next: NextFunction) => void;
}

/**
 * Request latency histogram by method, route pattern and status; queue depths, sync lag and the
 * helpdesk's rate limit as gauges collected at scrape time; 429s this API answered. Also logs one line per request.
 */
export function createApiMetrics(sources: MetricSources, logger: Logger): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'deskpulse_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'deskpulse_http_rate_limited_total',
    help: 'Requests this API answered 429 (survey rate limit)',
    registers: [registry],
  });
  new Gauge({
    name: 'deskpulse_queue_depth',
    help: 'Jobs waiting, active or delayed per queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      if (sources.queueDepths === undefined) return;
      this.reset();
      for (const [queue, depth] of Object.entries(await sources.queueDepths())) {
        this.set({ queue }, depth);
      }
    },
  });
  const syncGauge = (name: string, help: string, value: (row: SyncStreamGauges) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['installation', 'stream'],
      registers: [registry],
      async collect() {
        if (sources.syncStreams === undefined) return;
        this.reset();
        for (const row of await sources.syncStreams()) {
          const v = value(row);
          if (v !== null) this.set({ installation: row.installationId, stream: row.stream }, v);
        }
      },
    });
  syncGauge(
    'deskpulse_sync_lag_seconds',
    'Seconds since the stream last stored a page, per installation and stream',
    (row) => row.lagSeconds,
  );
  syncGauge(
    'deskpulse_helpdesk_rate_limited_total',
    '429 answers the helpdesk gave, per installation and stream (stream push_back: push-back; all runs and workers)',
    (row) => row.count429,
  );
  syncGauge(
    'deskpulse_helpdesk_rate_limit_remaining',
    'Requests left in the helpdesk budget at the latest response a sync saw',
    (row) => row.rateLimitRemaining,
  );
  const observe = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const routeLabel: unknown = res.locals['route'];
      const route = typeof routeLabel === 'string' ? routeLabel : 'unmatched';
      const status = String(res.statusCode);
      latency.observe({ method: req.method, route, status }, seconds);
      if (res.statusCode === 429) rateLimited.inc();
      logger.info(
        { requestId: requestIdOf(res), method: req.method, route, status: res.statusCode, seconds },
        'request',
      );
    });
    next();
  };
  return { registry, rateLimited, observe };
}

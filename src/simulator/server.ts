import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { PageFaultOptions, SimContext } from './context.js';
import { createDataset, type Dataset, type RecordFaultOptions } from './dataset.js';
import {
  authGuard,
  rateLimitGuard,
  transportFaultGuard,
  type RateLimitOptions,
  type SimulatorCredentials,
  type TransportFaultOptions,
} from './guards.js';
import { createFaultLog, type FaultReport } from './fault-report.js';
import { HttpError } from './http-util.js';
import { controlRoutes } from './routes/control.js';
import type { PlantedEffect } from './planted-effect.js';
import { exportRoutes } from './routes/exports.js';
import { readRoutes } from './routes/reads.js';
import { directoryRoutes } from './routes/directory.js';
import { truthRoutes } from './routes/truth.js';
import { writeRoutes } from './routes/writes.js';
import {
  createTicketUpdater,
  startPeriodicUpdates,
  type TicketUpdateResult,
  type WebhookOptions,
} from './webhooks.js';
import type { TicketChange } from './ticket-change.js';

/** Every fault the simulator can inject; all draws come from the seeded PRNG. */
export type SimulatorFaults = TransportFaultOptions & PageFaultOptions & RecordFaultOptions;

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  tickets: number;
  seed?: number;
  /** Ticket window start, epoch ms (default 2024-01-01T00:00:00Z, so it spans DST changes and holidays). */
  start?: number;
  /** Ticket window end, epoch ms (default start + 366 days). */
  end?: number;
  idOffset?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The simulated clock (default Date.now); exports hide what changed in its last minute. */
  now?: () => number;
  credentials?: Partial<SimulatorCredentials>;
  /** 'off', or budgets (default 700/min account-wide and 10/min for incremental exports). */
  rateLimit?: 'off' | Partial<RateLimitOptions>;
  faults?: SimulatorFaults;
  webhook?: WebhookOptions;
  /** A known effect for cohort comparisons, listed by `/__truth/summary`. */
  plantedEffect?: PlantedEffect;
}

/** A running simulator. */
export interface RunningSimulator {
  url: string;
  port: number;
  dataset: Dataset;
  credentials: SimulatorCredentials;
  /**
   * Mutates ticket `index` at simulated now — `change`, else a realistic next update — and fires
   * the webhook; null if it takes no update.
   */
  updateTicket: (index: number, change?: TicketChange) => Promise<TicketUpdateResult | null>;
  /** The faults served so far (as `GET /__faults` answers). */
  faultReport: () => FaultReport;
  close: () => Promise<void>;
}

/** Default credentials; the CLI prints them. */
export const DEFAULT_CREDENTIALS: SimulatorCredentials = {
  email: 'admin@simulator.zendesk.test',
  token: 'simulator-api-token',
  oauthToken: 'simulator-oauth-token',
};

/** Starts the Zendesk simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const faults = options.faults ?? {};
  const dataset = createDataset({
    tickets: options.tickets,
    seed,
    start: options.start ?? Date.UTC(2024, 0, 1),
    ...(options.end === undefined ? {} : { end: options.end }),
    ...(options.idOffset === undefined ? {} : { idOffset: options.idOffset }),
    ...(options.plantedEffect === undefined ? {} : { plantedEffect: options.plantedEffect }),
    faults,
  });
  const credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const faultLog = createFaultLog();
  const updateTicket = createTicketUpdater(dataset, now, options.webhook);
  const ctx: SimContext = {
    dataset,
    seed,
    now,
    pageFaults: faults,
    pageCounter: { value: 0 },
    writes: [],
    faultLog,
    userFields: [
      {
        id: 9_000_000,
        key: 'support_level',
        title: 'Support level',
        type: 'dropdown',
        description: '',
      },
    ],
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.use(truthRoutes(ctx), controlRoutes(ctx, updateTicket));
  app.use('/api/v2', (req: Request, _res: Response, next: NextFunction) => {
    faultLog.request(req);
    next();
  });
  app.use('/api/v2', authGuard(credentials));
  if (options.rateLimit !== 'off') {
    app.use(
      '/api/v2',
      rateLimitGuard({ perMinute: 700, exportsPerMinute: 10, ...options.rateLimit }, faultLog),
    );
  }
  app.use('/api/v2', transportFaultGuard(seed, faults, { value: 0 }, faultLog));
  app.use(exportRoutes(ctx), readRoutes(ctx), directoryRoutes(), writeRoutes(ctx));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'InvalidEndpoint', description: 'Not found' });
  });
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof HttpError) res.status(error.status).json(error.body);
    else if (isClientError(error))
      res.status(error.status).json({ error: 'InvalidValue', description: error.message });
    else res.status(500).json({ error: 'InternalError', description: 'Simulator failure' });
  });

  const server = await listen(app, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const everySeconds = options.webhook?.everySeconds;
  const stopPeriodic =
    everySeconds === undefined
      ? () => undefined
      : startPeriodicUpdates(dataset, updateTicket, everySeconds);
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataset,
    credentials,
    updateTicket,
    faultReport: () => faultLog.report(),
    close: () => {
      // Idempotent: a second close waits for the first.
      closing ??= new Promise<void>((resolve, reject) => {
        stopPeriodic();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A body-parser error (malformed JSON, too large): the client's fault, so a 4xx, not a 500. */
function isClientError(error: unknown): error is Error & { status: number } {
  const status = (error as { status?: unknown } | null)?.status;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (error?: Error) => {
      if (error === undefined) resolve(server);
      else reject(error);
    });
  });
}

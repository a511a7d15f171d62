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
import { HttpError } from './http-util.js';
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
  /** Mutates ticket `index` at simulated now and fires the webhook; null if it takes no update. */
  updateTicket: (index: number) => Promise<TicketUpdateResult | null>;
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
  const ctx: SimContext = {
    dataset,
    seed,
    now,
    pageFaults: faults,
    pageCounter: { value: 0 },
    writes: [],
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
  app.use(truthRoutes(ctx));
  app.use('/api/v2', authGuard(credentials));
  if (options.rateLimit !== 'off') {
    app.use(
      '/api/v2',
      rateLimitGuard({ perMinute: 700, exportsPerMinute: 10, ...options.rateLimit }),
    );
  }
  app.use('/api/v2', transportFaultGuard(seed, faults, { value: 0 }));
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
    else res.status(500).json({ error: 'InternalError', description: 'Simulator failure' });
  });

  const server = await listen(app, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const updateTicket = createTicketUpdater(dataset, now, options.webhook);
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

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (error?: Error) => {
      if (error === undefined) resolve(server);
      else reject(error);
    });
  });
}

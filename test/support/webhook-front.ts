import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createWebhookRouter } from '../../src/http/routes/webhooks.js';
import type { WebhookIntakeDeps } from '../../src/services/pipeline/webhook-intake.js';

/** The production webhook router on an HTTP server of its own. */
export interface WebhookFront {
  url: string;
  close(): Promise<void>;
}

export async function startWebhookFront(deps: WebhookIntakeDeps): Promise<WebhookFront> {
  const app = express();
  app.use(createWebhookRouter(deps));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

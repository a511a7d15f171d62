import { createHmac, randomUUID } from 'node:crypto';
import type { Dataset } from './dataset.js';
import { iso } from './catalog.js';
import { createRandom } from './prng.js';
import type { TicketChange } from './ticket-change.js';

/** Where and how webhooks are delivered. */
export interface WebhookOptions {
  url: string;
  secret: string;
  /** Periodic mode: update a random ticket every this many seconds. */
  everySeconds?: number;
}

/** The result of one `updateTicket` call. */
export interface TicketUpdateResult {
  ticketId: number;
  updateId: number;
  updatedAt: string;
  /** Delivery outcome; null when no webhook target is configured. */
  delivery: { id: string; status: number | null; error?: string } | null;
}

/** base64(HMAC-SHA256(secret, timestamp + rawBody)), Zendesk's webhook signature. */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + rawBody)
    .digest('base64');
}

/**
 * Builds `updateTicket(index, change?)`: mutates the ticket at simulated now — `change`, else a
 * realistic next update — so later exports and the truth show it, and, when configured, posts a
 * signed `ticket.updated` webhook.
 */
export function createTicketUpdater(
  dataset: Dataset,
  now: () => number,
  webhook: WebhookOptions | undefined,
) {
  return async (index: number, change?: TicketChange): Promise<TicketUpdateResult | null> => {
    const mutation = dataset.mutate(index, now(), change);
    if (mutation === null) return null;
    const { sim } = mutation.ticket;
    const updatedAt = iso(mutation.update.at);
    const result: TicketUpdateResult = {
      ticketId: sim.id,
      updateId: mutation.update.id,
      updatedAt,
      delivery: null,
    };
    if (webhook === undefined) return result;
    const id = randomUUID();
    const timestamp = iso(now());
    const body = JSON.stringify({
      type: 'zen:event-type:ticket.updated',
      id,
      time: timestamp,
      detail: { id: String(sim.id), updated_at: updatedAt },
    });
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-id': id,
          'x-zendesk-webhook-signature': signWebhook(webhook.secret, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        },
        body,
      });
      result.delivery = { id, status: response.status };
    } catch (error) {
      result.delivery = { id, status: null, error: (error as Error).message };
    }
    return result;
  };
}

/**
 * Periodic mode for demos: every `everySeconds` updates a ticket picked by the seeded PRNG; tickets
 * that take no update (closed, deleted) are skipped. Returns a stop function.
 */
export function startPeriodicUpdates(
  dataset: Dataset,
  updateTicket: (index: number) => Promise<TicketUpdateResult | null>,
  everySeconds: number,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  const random = createRandom(dataset.spec.seed, 'periodic');
  const tick = async () => {
    // Most old tickets are closed; a few draws find one that still takes updates.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if ((await updateTicket(Math.floor(random() * dataset.size))) !== null) return;
    }
  };
  const timer = setInterval(() => {
    tick().catch(onError);
  }, everySeconds * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}

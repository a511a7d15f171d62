import axios, { isAxiosError } from 'axios';
import type { WebhookPoster } from '../services/alerts/deliver.js';

/** Webhook call limits: one attempt, no redirects, a small response, a hard timeout. */
export interface HttpWebhookOptions {
  /** Per-call timeout; 5 s by default. */
  timeoutMs?: number;
}

/**
 * The alert-delivery adapter: POSTs JSON over axios once and answers the HTTP status; a
 * transport failure rejects with the socket's error code (ECONNREFUSED, ECONNABORTED…) as its
 * message, which the alert service records as the delivery outcome.
 */
export function createHttpWebhookPoster(options: HttpWebhookOptions = {}): WebhookPoster {
  const http = axios.create();
  const timeout = options.timeoutMs ?? 5_000;
  return {
    async post(url, body) {
      try {
        const response = await http.post(url, body, {
          timeout,
          maxRedirects: 0,
          maxContentLength: 64 * 1024,
          responseType: 'text',
          validateStatus: () => true,
          headers: { 'content-type': 'application/json', 'user-agent': 'deskpulse-alerts' },
        });
        return response.status;
      } catch (error) {
        if (isAxiosError(error)) throw new Error(error.code ?? error.message);
        throw error;
      }
    },
  };
}

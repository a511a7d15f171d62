import { isPublicHttpsUrl } from './webhook-url.js';

/**
 * The alert-delivery port: one POST of a JSON body, answering the HTTP status. Rejects on a
 * transport failure with a short reason as the message. Implemented by src/notify/http-webhook.ts
 * and wired in by the composition roots.
 */
export interface WebhookPoster {
  post(url: string, body: unknown): Promise<number>;
}

/**
 * POSTs `body` to `url` once and says how it went: `delivered` for a 2xx, else `failed: …`.
 * Never throws and never retries: the alert's cooldown is the retry policy, so a receiver that
 * is down gets one call per cooldown, not a storm.
 */
export async function deliverWebhook(
  webhooks: WebhookPoster,
  url: string,
  body: unknown,
): Promise<string> {
  // Checked again at send time: a URL stored before a rule change must not slip through.
  if (!isPublicHttpsUrl(url)) return 'failed: webhook URL is not a public https URL';
  try {
    const status = await webhooks.post(url, body);
    return status >= 200 && status < 300 ? 'delivered' : `failed: http ${String(status)}`;
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

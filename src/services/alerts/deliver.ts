import type { AxiosInstance } from 'axios';
import { isAxiosError } from 'axios';
import { isPublicHttpsUrl } from './webhook-url.js';

/** Webhook call limits: one attempt, no redirects, a small response, a hard timeout. */
export interface DeliveryOptions {
  timeoutMs: number;
}

/**
 * POSTs `body` as JSON to `url` once and says how it went: `delivered` for a 2xx, else
 * `failed: …`. Never throws and never retries: the alert's cooldown is the retry policy, so a
 * receiver that is down gets one call per cooldown, not a storm.
 */
export async function deliverWebhook(
  http: AxiosInstance,
  url: string,
  body: unknown,
  options: DeliveryOptions,
): Promise<string> {
  // Checked again at send time: a URL stored before a rule change must not slip through.
  if (!isPublicHttpsUrl(url)) return 'failed: webhook URL is not a public https URL';
  try {
    const response = await http.post(url, body, {
      timeout: options.timeoutMs,
      maxRedirects: 0,
      maxContentLength: 64 * 1024,
      responseType: 'text',
      validateStatus: () => true,
      headers: { 'content-type': 'application/json', 'user-agent': 'deskpulse-alerts' },
    });
    return response.status >= 200 && response.status < 300
      ? 'delivered'
      : `failed: http ${String(response.status)}`;
  } catch (error) {
    if (isAxiosError(error)) return `failed: ${error.code ?? error.message}`;
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

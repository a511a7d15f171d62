import { z } from 'zod';
import { signZafJwt, ZafJwtSchema } from './jwt-sign.js';

/** What the stand-in posts to `/preview/zaf/request` for one `client.request`. */
export const ProxyRequestSchema = z.object({
  url: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  contentType: z.string().nullable(),
  secure: z.boolean(),
  timeout: z.number().int().positive().nullable(),
  /** ZAF's `jwt` option: signed here with a secure setting, put where headers say `{{jwt.token}}`. */
  jwt: ZafJwtSchema.nullable().optional(),
});
export type ProxyRequest = z.infer<typeof ProxyRequestSchema>;

/** The proxied response, relayed to the stand-in. */
export interface ProxyResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** Where the proxy may go, and what it substitutes. */
export interface ProxyOptions {
  /** Origin of the backend (the manifest's domainWhitelist): third-party calls may go only here. */
  backendOrigin: string;
  /** Secure settings by name; `{{setting.<name>}}` is replaced in headers of `secure` requests. */
  secureSettings: Readonly<Record<string, string>>;
  /** The helpdesk for same-domain calls (`/api/v2/...`), with the agent session's credentials. */
  helpdesk: { url: string; authorization: string };
  /** Default timeout when the app gives none, ms. */
  timeoutMs?: number;
}

const PLACEHOLDER = /\{\{\s*setting\.([a-z0-9_]+)\s*\}\}/gi;
const JWT_PLACEHOLDER = /\{\{\s*jwt\.token\s*\}\}/g;
// A separate non-global pattern for tests: a global one keeps `lastIndex` between calls.
const HAS_PLACEHOLDER = /\{\{\s*setting\.[a-z0-9_]+\s*\}\}/i;
// Hop-by-hop and host-controlled headers the browser side may not set.
const DROPPED = new Set(['host', 'connection', 'content-length', 'cookie', 'transfer-encoding']);

function response(status: number, code: string, message: string): ProxyResponse {
  return {
    status,
    statusText: code,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/**
 * Zendesk's request proxy, for the preview host: calls whose URL is on the backend's origin get
 * the secure settings substituted into their headers (only with `secure: true`, only in headers —
 * the manifest's `scopes: ["header"]`), same-domain `/api/v2` calls go to the helpdesk with the
 * agent's session, everything else is refused. The secret stays on this side of the proxy.
 */
export async function proxyRequest(
  request: ProxyRequest,
  options: ProxyOptions,
): Promise<ProxyResponse> {
  const headers: Record<string, string> = {};
  let target: string;
  if (request.url.startsWith('/api/v2/')) {
    target = `${options.helpdesk.url}${request.url}`;
    headers['authorization'] = options.helpdesk.authorization;
  } else {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return response(400, 'BAD_URL', `not an absolute URL: ${request.url}`);
    }
    if (url.origin !== options.backendOrigin) {
      return response(403, 'DOMAIN_NOT_WHITELISTED', `${url.origin} is not in domainWhitelist`);
    }
    target = url.toString();
  }
  if (HAS_PLACEHOLDER.test(request.url) || HAS_PLACEHOLDER.test(request.body ?? '')) {
    return response(400, 'PLACEHOLDER_SCOPE', 'secure settings are substituted in headers only');
  }
  // Like Zendesk, a placeholder naming no setting stays as written (and so signs nothing valid).
  const token =
    request.secure && request.jwt != null
      ? signZafJwt(
          request.jwt,
          substitute(request.jwt.secret_key, options.secureSettings),
          Date.now(),
        )
      : null;
  for (const [name, value] of Object.entries(request.headers)) {
    if (DROPPED.has(name.toLowerCase())) continue;
    const withToken = token === null ? value : value.replace(JWT_PLACEHOLDER, token);
    headers[name] = request.secure ? substitute(withToken, options.secureSettings) : withToken;
  }
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  const timeoutMs = request.timeout ?? options.timeoutMs ?? 15_000;
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      ...(request.body === null || request.method === 'GET' ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after', 'location']) {
      const value = upstream.headers.get(name);
      if (value !== null) out[name] = value;
    }
    return {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: out,
      body: await upstream.text(),
    };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return timedOut
      ? response(504, 'UPSTREAM_TIMEOUT', `no answer from ${new URL(target).origin}`)
      : response(502, 'UPSTREAM_UNREACHABLE', `cannot reach ${new URL(target).origin}`);
  }
}

function substitute(value: string, settings: Readonly<Record<string, string>>): string {
  return value.replace(PLACEHOLDER, (whole, name: string) => settings[name] ?? whole);
}

import type { Translator } from './i18n.js';
import type { ZafClient, ZafRequestOptions } from './zaf.js';

/** A failed backend call: HTTP status (0 when the proxy got no answer) and the API's error code. */
export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export interface Backend {
  get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  getText(
    path: string,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<string>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

/** The Zendesk user the app runs for (`currentUser.id`, `currentUser.role`). */
export interface AppUser {
  id: string;
  role: string;
}

// The proxy-signed claim lives five minutes; each call asks for a new one.
const CLAIM_EXPIRY_SECONDS = 300;

/**
 * Calls the Deskpulse API through the Zendesk proxy. `secure: true` makes Zendesk substitute the
 * installation's secret into the header server-side (the browser never sees it); `cors: false`
 * keeps the call on the proxy, which is the only path where that substitution happens.
 */
export function createBackend(client: ZafClient, baseUrl: string, user?: AppUser): Backend {
  const root = baseUrl.replace(/\/+$/, '');
  const url = (path: string, query?: Record<string, string | number | boolean | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${root}/api/v1${path}${qs === '' ? '' : `?${qs}`}`;
  };
  const headers: Record<string, string> = { Authorization: 'Bearer {{setting.app_secret}}' };
  // The board and admin views send a role claim: the proxy signs the user's id and role with the
  // secure role_claim_key, and the backend checks that signature (see plugin/README.md).
  const claim =
    user === undefined
      ? {}
      : {
          jwt: {
            algorithm: 'HS256' as const,
            secret_key: '{{setting.role_claim_key}}',
            expiry: CLAIM_EXPIRY_SECONDS,
            claims: { sub: user.id, role: user.role },
          },
        };
  if (user !== undefined) headers['X-Deskpulse-Role-Claim'] = '{{jwt.token}}';
  // Every call's options but its URL, method and body: the secret header, the proxy, the claim.
  const call = async (
    options: Pick<ZafRequestOptions, 'url' | 'type' | 'dataType' | 'contentType' | 'data'>,
  ) => {
    try {
      return await client.request({ ...options, headers, secure: true, cors: false, ...claim });
    } catch (e) {
      throw toBackendError(e);
    }
  };
  const send = async <T>(type: 'POST' | 'PUT' | 'PATCH', path: string, payload: unknown) =>
    (await call({
      url: url(path),
      type,
      contentType: 'application/json',
      data: JSON.stringify(payload),
      dataType: 'json',
    })) as T;
  return {
    async get<T>(path: string, query?: Record<string, string | number | boolean | undefined>) {
      return (await call({ url: url(path, query), type: 'GET', dataType: 'json' })) as T;
    },
    async getText(path, query) {
      const body = await call({ url: url(path, query), type: 'GET', dataType: 'text' });
      return typeof body === 'string' ? body : JSON.stringify(body);
    },
    post: (path, payload) => send('POST', path, payload),
    put: (path, payload) => send('PUT', path, payload),
    patch: (path, payload) => send('PATCH', path, payload),
    async delete(path) {
      await call({ url: url(path), type: 'DELETE', dataType: 'text' });
    },
  };
}

/** ZAF rejects with a jqXHR-like object: `status` and `responseText` (our `{ error: {code,message} }`). */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const raw = (typeof e === 'object' && e !== null ? e : {}) as {
    status?: unknown;
    responseText?: unknown;
  };
  const status = typeof raw.status === 'number' ? raw.status : 0;
  let code = status === 0 ? 'UNREACHABLE' : `HTTP_${status}`;
  let message = e instanceof Error ? e.message : `HTTP ${status}`;
  if (typeof raw.responseText === 'string') {
    try {
      const parsed = JSON.parse(raw.responseText) as {
        error?: { code?: unknown; message?: unknown };
      };
      if (typeof parsed.error?.code === 'string') code = parsed.error.code;
      if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    } catch {
      // Not our JSON (a proxy or gateway page): keep the status-based code.
    }
  }
  return new BackendError(status, code, message);
}

/** What the agent should do about a failed call, in their language. */
export function describeError(t: Translator, e: unknown): string {
  const err = toBackendError(e);
  if (err.status === 401 || err.status === 403) return t('ui.error.unauthorized');
  if (err.status === 404) return t('ui.error.not_found');
  if (err.status === 429) return t('ui.error.rate_limited');
  if (err.status === 0 || err.status >= 500) return t('ui.error.unreachable');
  // A request the API refused with its own message (which field, why): that says most.
  if (err.message !== `HTTP ${String(err.status)}` && err.message !== '') return err.message;
  return t('ui.error.generic', { code: err.code });
}

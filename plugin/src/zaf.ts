/**
 * The one place the app touches the Zendesk Apps Framework. iframe.html loads Zendesk's SDK from
 * its CDN (as Zendesk's scaffolds do), which defines `window.ZAFClient`; everything else receives
 * the client as a parameter, so tests and previews hand in a stand-in with the same few methods.
 */
/**
 * ZAF's `jwt` request option: Zendesk's proxy signs `claims` (adding `iat` and `exp` = now +
 * `expiry` seconds) with the secure setting named in `secret_key`, and puts the token where the
 * request says `{{jwt.token}}`. The browser never sees the key.
 */
export interface ZafJwtOptions {
  algorithm: 'HS256';
  secret_key: string;
  expiry: number;
  claims: Record<string, string | number>;
}

export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  secure: boolean;
  cors: boolean;
  contentType?: string;
  data?: string;
  dataType?: 'json' | 'text';
  timeout?: number;
  jwt?: ZafJwtOptions;
}

export interface ZafContext {
  location: string;
  account?: { subdomain?: string };
  ticketId?: number;
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  settings: Record<string, unknown>;
}

export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
  request(options: ZafRequestOptions): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: (data?: unknown) => void): void;
}

interface ZafGlobal {
  init(): ZafClient | false;
}

/**
 * The client for this frame, or null outside Zendesk: `ZAFClient.init()` returns false when the page
 * was not opened by Zendesk (no `origin`/`app_guid` in the URL), and the SDK is absent when its
 * script could not load.
 */
export function connectZaf(win: { ZAFClient?: ZafGlobal }): ZafClient | null {
  const client = win.ZAFClient?.init();
  return client === undefined || client === false ? null : client;
}

/** Reads one path with `client.get`, as the type the caller expects to find there. */
export async function getPath(client: ZafClient, path: string): Promise<unknown> {
  const result = await client.get(path);
  return result[path];
}

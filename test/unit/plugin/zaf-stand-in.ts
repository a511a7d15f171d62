import type { ZafClient, ZafContext, ZafRequestOptions } from '../../../plugin/src/zaf.js';

/**
 * A stand-in for the ZAF client with the calls the app makes: `get` answers from a table,
 * `request` from a responder, `on` handlers can be fired with `emit`, and every request and
 * invoke is recorded for assertions.
 */
export class ZafStandIn implements ZafClient {
  readonly requests: ZafRequestOptions[] = [];
  readonly invoked: unknown[][] = [];
  private readonly handlers = new Map<string, ((data?: unknown) => void)[]>();

  constructor(
    private readonly paths: Record<string, unknown> = {},
    private readonly respond: (o: ZafRequestOptions) => Promise<unknown> = () =>
      Promise.resolve({}),
    private readonly ctx: ZafContext = {
      location: 'ticket_sidebar',
      account: { subdomain: 'acme' },
    },
    private readonly settings: Record<string, unknown> = { backend_url: 'https://dp.example.com' },
  ) {}

  async get(paths: string | string[]) {
    const list = Array.isArray(paths) ? paths : [paths];
    return Object.fromEntries(list.map((p) => [p, this.paths[p]]));
  }
  async metadata() {
    return { appId: 1, installationId: 2, settings: this.settings };
  }
  async context() {
    return this.ctx;
  }
  request(options: ZafRequestOptions) {
    this.requests.push(options);
    return this.respond(options);
  }
  async invoke(name: string, ...args: unknown[]) {
    this.invoked.push([name, ...args]);
    return {};
  }
  on(event: string, handler: (data?: unknown) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  emit(event: string, data?: unknown) {
    for (const h of this.handlers.get(event) ?? []) h(data);
  }
  listens(event: string): boolean {
    return this.handlers.has(event);
  }
}

import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy, with what the upstream answered. */
export interface ProxiedRequest {
  at: number;
  method: string;
  /** Path and query. */
  url: string;
  status: number | null;
  /** The upstream's `x-rate-limit-remaining` and `x-rate-limit`, when it sent them. */
  remaining: number | null;
  limit: number | null;
}

/** A request stopped at the proxy until the test lets it go. */
export interface HeldRequest {
  url: string;
  /** Forwards it after all (the client may be gone by then; that is fine). */
  release(): void;
}

/** A transparent HTTP proxy that records every request and can hold one mid-flight. */
export interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  /**
   * Holds the `nth` (1-based, counted from now) request whose path and query match, and resolves
   * once it is being held: the client is then waiting for that response.
   */
  holdNth(match: (url: string) => boolean, nth: number): Promise<HeldRequest>;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target` (e.g. the simulator). Pointing an installation's base URL at it lets
 * a test see exactly what a worker — in-process or a child process — asked the helpdesk, and
 * stop a worker while a page request is in flight.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let hold: {
    match: (url: string) => boolean;
    left: number;
    held: (h: HeldRequest) => void;
  } | null = null;

  const forward = (req: IncomingMessage, res: ServerResponse, record: ProxiedRequest): void => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        record.status = answer.statusCode ?? null;
        record.remaining = numberHeader(answer.headers['x-rate-limit-remaining']);
        record.limit = numberHeader(answer.headers['x-rate-limit']);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // A dropped upstream connection (a simulated fault) is passed on as one.
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const record: ProxiedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      url,
      status: null,
      remaining: null,
      limit: null,
    };
    requests.push(record);
    res.on('error', () => undefined);
    const current = hold;
    if (current?.match(url) === true) {
      current.left -= 1;
      if (current.left === 0) {
        hold = null;
        current.held({
          url,
          release: () => {
            forward(req, res, record);
          },
        });
        return;
      }
    }
    forward(req, res, record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    holdNth(match, nth) {
      return new Promise((held) => {
        hold = { match, left: nth, held };
      });
    },
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

function numberHeader(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? null : Number(text);
}

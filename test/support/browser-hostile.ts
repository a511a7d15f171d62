import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HelpdeskView } from '../../src/preview/demo-stack.js';
import { createSimulatorDirectory, type HostTicket } from '../../src/preview/directory.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

/** A subject that runs script if anything renders it as markup. */
export const HOSTILE_SUBJECT =
  '<script>window.__pwned = "subject"</script><img src=x onerror="window.__pwned = \'img\'"> Refund';

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

/**
 * The simulated account with one ticket's subject made hostile — the newest live ticket, whose id
 * lands in `chosen.ticketId` — as both sides see it: the backend syncs through a proxy that
 * rewrites that ticket in the API's ticket payloads, and the preview host's directory reports the
 * same subject.
 */
export function hostileSubjectView(chosen: { ticketId: number }) {
  return async (sim: RunningSimulator): Promise<HelpdeskView> => {
    let index = sim.dataset.size - 1;
    while (index > 0 && sim.dataset.truth(index).ticket.status === 'deleted') index -= 1;
    const ticketId = Number(sim.dataset.truth(index).ticket.id);
    chosen.ticketId = ticketId;
    const rewrite = (ticket: unknown) => {
      const t = ticket as { id?: unknown; subject?: unknown; raw_subject?: unknown };
      if (t.id === ticketId) {
        t.subject = HOSTILE_SUBJECT;
        t.raw_subject = HOSTILE_SUBJECT;
      }
    };
    const server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const upstream = await fetch(`${sim.url}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
            ),
          ),
          ...(body === undefined ? {} : { body }),
        });
        let text = await upstream.text();
        if ((upstream.headers.get('content-type') ?? '').includes('json') && text !== '') {
          const json = JSON.parse(text) as { tickets?: unknown[]; ticket?: unknown };
          json.tickets?.forEach(rewrite);
          if (json.ticket !== undefined) rewrite(json.ticket);
          text = JSON.stringify(json);
        }
        const headers: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(name))
            headers[name] = value;
        });
        res.writeHead(upstream.status, headers).end(text);
      })().catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = createSimulatorDirectory(sim.dataset);
    const hostile = (t: HostTicket): HostTicket =>
      t.ticket.id === String(ticketId)
        ? { ...t, ticket: { ...t.ticket, subject: HOSTILE_SUBJECT } }
        : t;
    return {
      apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      directory: {
        ...base,
        tickets: (offset, limit) => {
          const page = base.tickets(offset, limit);
          return { ...page, rows: page.rows.map(hostile) };
        },
        ticket: (id) => {
          const t = base.ticket(id);
          return t === null ? null : hostile(t);
        },
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => {
            resolve();
          });
        }),
    };
  };
}

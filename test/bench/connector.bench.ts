import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createZendeskClient } from '../../src/connectors/zendesk/client.js';
import { createZendeskConnector } from '../../src/connectors/zendesk/connector.js';
import type { Page, StreamOptions } from '../../src/connectors/connector.js';

// The bench runs compiled (dist/test/bench/), whatever the working directory.
export const CLI = fileURLToPath(new URL('../../../bin/deskpulse.js', import.meta.url));

export interface ConnectorBenchResult {
  tickets: number;
  ticketsSeen: number;
  eventsSeen: number;
  seconds: number;
  /** Tickets with all their events fetched, validated and mapped per second. */
  ticketsPerSecond: number;
  eventsPerSecond: number;
  /** Peak resident memory of this (the connector's) process; the simulator runs in another. */
  peakRssMb: number;
}

/**
 * Connector throughput against the simulator with rate limits off: the simulator runs in its own
 * process so the figure is the connector's, and pages are counted then dropped (as a sync stores
 * and forgets them), so peak memory shows whether the connector streams.
 */
export async function benchConnector(tickets: number): Promise<ConnectorBenchResult> {
  const { child, url, email, token } = await startSimulatorProcess(tickets);
  try {
    const client = createZendeskClient({
      subdomain: 'bench',
      baseUrl: url,
      auth: { kind: 'token', email, token },
    });
    const connector = createZendeskConnector({
      client,
      mapping: { timeFieldId: '360000001', cesFieldId: '360000002' },
      now: () => Date.now(),
      onWarning: () => undefined,
    });
    const options: StreamOptions = { checkpoint: null, startTime: Date.UTC(2023, 11, 1) };
    const start = process.hrtime.bigint();
    const ticketsSeen = await count(
      connector.ticketPages(options),
      (batch) => batch.tickets.length,
    );
    const eventsSeen = await count(connector.eventPages(options), () => 1);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      tickets,
      ticketsSeen,
      eventsSeen,
      seconds,
      ticketsPerSecond: ticketsSeen / seconds,
      eventsPerSecond: eventsSeen / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

async function count<T>(pages: AsyncIterable<Page<T>>, size: (item: T) => number): Promise<number> {
  let n = 0;
  for await (const page of pages) for (const item of page.items) n += size(item);
  return n;
}

export async function startSimulatorProcess(
  tickets: number,
): Promise<{ child: ChildProcess; url: string; email: string; token: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'simulator', '--tickets', String(tickets), '--port', '0', '--rate-limit', 'off'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let url: string | undefined;
  let auth: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    url ??= /listening on (\S+)/.exec(line)?.[1];
    auth ??= /API token auth: (\S+)/.exec(line)?.[1];
    if (url !== undefined && auth !== undefined) break;
  }
  const [email, token] = (auth ?? '').split('/token:');
  if (url === undefined || email === undefined || token === undefined)
    throw new Error('simulator did not start');
  return { child, url, email, token };
}

import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';

export interface CopyStreams {
  /**
   * Loads a batch of timelines (ticket ids are `offset + position`, the bench's index) and
   * resolves once PostgreSQL has committed it, so it is not still parsing rows while the engine's
   * next batch is timed on the same two cores.
   */
  write(batch: readonly TicketTimeline[], offset: number): Promise<void>;
  /** Closes the connections; returns the rows loaded. */
  finish(): Promise<{ statusRows: number; commentRows: number }>;
}

/**
 * One COPY ... FROM STDIN per source table and batch, the three tables on their own connections
 * in parallel, so a million tickets never sit in memory at once. Only the events the SQL metrics
 * read are loaded (status changes, deletes and comments), as a warehouse's models do.
 */
export async function openCopyStreams(databaseUrl: string, schema: string): Promise<CopyStreams> {
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return client;
  };
  const [tickets, status, comments] = await Promise.all([connect(), connect(), connect()]);
  const clients = [tickets, status, comments];
  let statusRows = 0;
  let commentRows = 0;
  return {
    async write(batch, offset) {
      const ticketLines: string[] = [];
      const statusLines: string[] = [];
      const commentLines: string[] = [];
      batch.forEach(({ ticket, events }, position) => {
        const id = String(offset + position);
        ticketLines.push(`${id}\t${String(ticket.createdAt)}\n`);
        events.forEach((e, i) => {
          const head = `${id}\t${String(i + 1)}\t${String(e.at)}\t`;
          if (e.type === 'status_change') statusLines.push(`${head}${e.from ?? '\\N'}\t${e.to}\n`);
          // A delete is a change to `deleted`; its from is never null, so it is never "initial".
          else if (e.type === 'delete') statusLines.push(`${head}deleted\tdeleted\n`);
          else if (e.type === 'comment') {
            const flags = `${e.public ? 't' : 'f'}\t${e.authorKind}\t${e.isCreating ? 't' : 'f'}`;
            commentLines.push(`${head}${flags}\n`);
          }
        });
      });
      statusRows += statusLines.length;
      commentRows += commentLines.length;
      await Promise.all([
        copy(tickets, `${schema}.tickets`, ticketLines.join('')),
        copy(status, `${schema}.status_history`, statusLines.join('')),
        copy(comments, `${schema}.comments`, commentLines.join('')),
      ]);
    },
    async finish() {
      await Promise.all(clients.map((c) => c.end()));
      return { statusRows, commentRows };
    },
  };
}

async function copy(client: pg.Client, table: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  stream.end(text);
  await finished(stream);
}

import { InvalidArgumentError, Option, type Command } from 'commander';
import { CHANGE_PRIORITIES, CHANGE_STATUSES, type TicketChange } from '../simulator/index.js';
import type { CommandIo } from './analyze-command.js';

const EXIT_FAILURE = 1;

/** Options of `deskpulse simulator update-ticket`. */
export interface UpdateTicketOptions extends TicketChange {
  url: string;
  ticket: number;
}

/** What `POST /__control/tickets/:id/update` answers. */
interface UpdateAnswer {
  ticket: { id: number; status: string; priority: string | null; updated_at: string };
  update: { id: number; updated_at: string } | null;
  webhook: { id: string; status: number | null; error?: string } | null;
}

/** Adds `update-ticket` under `deskpulse simulator`. */
export function addSimulatorUpdateCommand(
  simulator: Command,
  io: CommandIo,
  setExit: (code: number) => void,
): void {
  simulator
    .command('update-ticket')
    .description(
      'Update a ticket of a running simulator now and send its signed webhook ' +
        '(POST /__control/tickets/:id/update); with no change given, a realistic next update.',
    )
    .requiredOption(
      '--url <url>',
      'the running simulator, as `deskpulse simulator` prints it',
      httpUrl,
    )
    .requiredOption('--ticket <id>', 'ticket id', ticketId)
    .addOption(new Option('--status <status>', 'new status').choices(CHANGE_STATUSES))
    .addOption(new Option('--priority <priority>', 'new priority').choices(CHANGE_PRIORITIES))
    .option('--comment <text>', "a public comment by the ticket's agent")
    .action(async (opts: UpdateTicketOptions) => {
      setExit(await runUpdateTicket(opts, io));
    });
}

/** Posts the change and prints the ticket as it now stands and the webhook's delivery. */
export async function runUpdateTicket(
  options: UpdateTicketOptions,
  io: CommandIo,
): Promise<number> {
  const { url, ticket, ...change } = options;
  const target = new URL(`__control/tickets/${String(ticket)}/update`, withSlash(url));
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    });
  } catch (error) {
    io.stderr(`deskpulse: cannot reach the simulator at ${url}: ${causeOf(error)}\n`);
    return EXIT_FAILURE;
  }
  const text = await response.text();
  if (!response.ok) {
    io.stderr(`deskpulse: the simulator answered ${String(response.status)}: ${text}\n`);
    return EXIT_FAILURE;
  }
  const answer = JSON.parse(text) as UpdateAnswer;
  const t = answer.ticket;
  const lines = [
    answer.update === null
      ? `Ticket ${String(t.id)} unchanged (nothing to change): status ${t.status}`
      : `Ticket ${String(t.id)} updated at ${answer.update.updated_at} (update ${String(answer.update.id)}): status ${t.status}, priority ${t.priority ?? 'none'}`,
    answer.webhook === null
      ? answer.update === null
        ? 'No webhook sent.'
        : 'No webhook sent (the simulator has no --webhook-url).'
      : answer.webhook.status === null
        ? `Webhook ${answer.webhook.id} failed: ${answer.webhook.error ?? 'no answer'}`
        : `Webhook ${answer.webhook.id} delivered: HTTP ${String(answer.webhook.status)}`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return cause ?? (error as Error).message;
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new InvalidArgumentError('expected an http(s) URL, e.g. http://127.0.0.1:4010');
  return value;
}

function ticketId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a ticket id (a positive whole number)');
  return n;
}

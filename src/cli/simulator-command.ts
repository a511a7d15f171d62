import { once } from 'node:events';
import {
  formatFaultReport,
  startSimulator,
  type SimulatorFaults,
  type SimulatorOptions,
} from '../simulator/index.js';
import type { CommandIo } from './analyze-command.js';
import { benchSettings, type SimulatorBenchOptions } from './simulator-options.js';

const EXIT_USAGE = 2;

/** Options of `deskpulse simulator`. */
export interface SimulatorCommandOptions extends SimulatorBenchOptions {
  tickets: number;
  port: number;
  seed: number;
  rateLimit: 'off' | 'default';
  webhookUrl?: string;
  webhookSecret?: string;
  webhookEverySeconds?: number;
}

/** Resolves with the signal's name when the process is asked to stop. */
export async function waitForStopSignal(): Promise<string> {
  const controller = new AbortController();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const stopped = await Promise.race(
    signals.map(async (signal) => {
      await once(process, signal, { signal: controller.signal });
      return signal;
    }),
  );
  // Drop the other listener so a second signal gets Node's default handling again.
  controller.abort();
  return stopped;
}

/**
 * `deskpulse simulator`: serves a simulated Zendesk account until SIGINT/SIGTERM, then prints the
 * faults it served and closes cleanly; returns the exit code (2 for options that do not go together).
 */
export async function runSimulatorCommand(
  options: SimulatorCommandOptions,
  io: CommandIo,
  waitForStop: () => Promise<string> = waitForStopSignal,
): Promise<number> {
  const usage = (message: string): number => {
    io.stderr(`deskpulse: ${message}\n`);
    return EXIT_USAGE;
  };
  if ((options.webhookUrl === undefined) !== (options.webhookSecret === undefined)) {
    return usage('--webhook-url and --webhook-secret go together');
  }
  if (options.webhookEverySeconds !== undefined && options.webhookUrl === undefined) {
    return usage('--webhook-every-seconds needs --webhook-url and --webhook-secret');
  }
  const bench = benchSettings(options);
  if ('error' in bench) return usage(bench.error);
  const simulatorOptions: SimulatorOptions = {
    tickets: options.tickets,
    seed: options.seed,
    port: options.port,
    now: io.clock,
    rateLimit: bench.rateLimit,
    faults: bench.faults,
    ...(options.webhookUrl !== undefined && options.webhookSecret !== undefined
      ? {
          webhook: {
            url: options.webhookUrl,
            secret: options.webhookSecret,
            ...(options.webhookEverySeconds === undefined
              ? {}
              : { everySeconds: options.webhookEverySeconds }),
          },
        }
      : {}),
  };
  const sim = await startSimulator(simulatorOptions);
  const { email, token, oauthToken } = sim.credentials;
  io.stdout(
    [
      `Zendesk simulator listening on ${sim.url} (${options.tickets} tickets, seed ${options.seed})`,
      `  API token auth: ${email}/token:${token}`,
      `  OAuth bearer:   ${oauthToken}`,
      `  ground truth:   ${sim.url}/__truth/summary, ${sim.url}/__truth/tickets.ndjson`,
      `  faults:         ${describeFaults(bench.faults)}; report at ${sim.url}/__faults`,
      `  update ticket:  POST ${sim.url}/__control/tickets/:id/update, or deskpulse simulator update-ticket`,
      options.webhookEverySeconds === undefined
        ? ''
        : `  webhooks:       a ticket update every ${options.webhookEverySeconds}s to ${options.webhookUrl ?? ''}`,
      'Press Ctrl+C to stop.',
      '',
    ]
      .filter((line, k, all) => line !== '' || k === all.length - 1)
      .join('\n'),
  );
  const signal = await waitForStop();
  await sim.close();
  io.stdout(`Simulator stopped (${signal}).\n${formatFaultReport(sim.faultReport())}`);
  return 0;
}

/** `serverErrors 0.05, dropConnection 0.01`, or `none`. */
function describeFaults(faults: SimulatorFaults): string {
  const parts = Object.entries(faults).map(
    ([kind, f]: [string, { probability: number }]) => `${kind} ${String(f.probability)}`,
  );
  return parts.length === 0 ? 'none' : parts.join(', ');
}

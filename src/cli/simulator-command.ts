import { once } from 'node:events';
import { ValidationError } from '../errors.js';
import { startSimulator, type SimulatorOptions } from '../simulator/index.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse simulator`. */
export interface SimulatorCommandOptions {
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
 * `deskpulse simulator`: serves a simulated Zendesk account until SIGINT/SIGTERM, then closes
 * cleanly; returns the exit code.
 */
export async function runSimulatorCommand(
  options: SimulatorCommandOptions,
  io: CommandIo,
  waitForStop: () => Promise<string> = waitForStopSignal,
): Promise<number> {
  if ((options.webhookUrl === undefined) !== (options.webhookSecret === undefined)) {
    throw new ValidationError('--webhook-url and --webhook-secret go together');
  }
  if (options.webhookEverySeconds !== undefined && options.webhookUrl === undefined) {
    throw new ValidationError('--webhook-every-seconds needs --webhook-url and --webhook-secret');
  }
  const simulatorOptions: SimulatorOptions = {
    tickets: options.tickets,
    seed: options.seed,
    port: options.port,
    now: io.clock,
    ...(options.rateLimit === 'off' ? { rateLimit: 'off' } : {}),
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
  io.stdout(`Simulator stopped (${signal}).\n`);
  return 0;
}

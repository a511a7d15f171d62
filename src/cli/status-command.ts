import type { Config } from '../config/env.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { pipelineStatus, type PipelineStatus } from '../services/admin/pipeline-status.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse status`. */
export interface StatusCommandOptions {
  installation: string;
  /** Poll until the pipeline has settled (or `timeoutSeconds` passed). */
  waitSettled?: boolean;
  timeoutSeconds: number;
}

const POLL_MS = 1_000;
/** Exit code when `--wait-settled` gave up: distinct from a failure (1) and bad usage (2). */
export const NOT_SETTLED_EXIT = 3;

/**
 * `deskpulse status`: prints the installation's pipeline status (the document of
 * `GET /api/v1/admin/installations/:id/status`) as JSON. With `waitSettled` it polls until
 * `settled` is true and exits 0, or prints the last status and exits {@link NOT_SETTLED_EXIT}
 * after the timeout, so scripts and tests wait on the pipeline without reading queue internals.
 */
export async function runStatusCommand(
  config: Config,
  options: StatusCommandOptions,
  io: CommandIo,
): Promise<number> {
  const { store } = await openRuntime(config, { command: 'deskpulse status', existing: true });
  try {
    const read = () => pipelineStatus(store, options.installation, io.clock());
    let status: PipelineStatus = await read();
    const deadline = io.clock() + options.timeoutSeconds * 1000;
    while (options.waitSettled === true && !status.settled && io.clock() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      status = await read();
    }
    io.stdout(`${JSON.stringify(status)}\n`);
    return options.waitSettled === true && !status.settled ? NOT_SETTLED_EXIT : 0;
  } finally {
    await store.close();
  }
}

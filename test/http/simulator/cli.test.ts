import { describe, expect, it } from 'vitest';
import { runSimulatorCommand } from '../../../src/cli/simulator-command.js';
import { main } from '../../../src/cli.js';

describe('deskpulse simulator', () => {
  it('prints the URL and credentials, serves until told to stop, then closes', async () => {
    let out = '';
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const io = {
      stdout: (text: string) => (out += text),
      stderr: () => undefined,
      clock: () => Date.now(),
    };
    const running = runSimulatorCommand(
      { tickets: 50, port: 0, seed: 3, rateLimit: 'off' },
      io,
      () => stopped,
    );
    await expect.poll(() => out).toContain('listening on');
    const url = /listening on (\S+)/.exec(out)?.[1] ?? '';
    const auth = /API token auth: (\S+)/.exec(out)?.[1] ?? '';
    const response = await fetch(`${url}/api/v2/ticket_fields.json`, {
      headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(out).toContain('stopped (SIGTERM)');
    await expect(fetch(`${url}/api/v2/ticket_fields.json`)).rejects.toThrow();
  });

  it('rejects a webhook URL without a secret as a usage error (exit 2)', async () => {
    let err = '';
    const io = {
      stdout: () => undefined,
      stderr: (text: string) => (err += text),
      clock: () => Date.now(),
    };
    const code = await main(
      ['simulator', '--tickets', '5', '--webhook-url', 'http://127.0.0.1:9/x'],
      io,
    );
    expect(code).toBe(2);
    expect(err).toContain('--webhook-url and --webhook-secret go together');
  });
});

import { main } from '../../../src/cli.js';

/** Runs the CLI in-process with captured output and a fixed clock. */
export async function runCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clock: () => Date.parse('2024-04-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

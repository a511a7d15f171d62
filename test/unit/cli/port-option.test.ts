import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('--port out of range', () => {
  it.each([['serve'], ['simulator']])(
    '%s --port 70000 prints one line and exits 2',
    async (cmd) => {
      const r = await runCli([cmd, '--port', '70000']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('expected a port number from 0 to 65535');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );
});

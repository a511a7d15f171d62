import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('deskpulse serve / worker / sync / install without a job runtime', () => {
  it.each([['serve'], ['worker'], ['sync', '--installation', 'x']])(
    '`%s` fails with a clear message instead of crashing',
    async (...args) => {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(1);
      expect(stderr).toContain('needs the job runtime');
    },
  );

  it('install names the missing credentials before touching any database', async () => {
    const { code, stderr } = await runCli(['install', '--helpdesk', 'zendesk', '--domain', 'acme']);
    expect(code).toBe(1);
    expect(stderr).toContain('--email and --token, or --oauth-token');
  });

  it('install rejects an unknown helpdesk and sync a malformed instant as usage errors', async () => {
    expect((await runCli(['install', '--helpdesk', 'jira', '--domain', 'a'])).code).toBe(2);
    const sync = await runCli(['sync', '--installation', 'x', '--backfill-since', 'yesterday']);
    expect(sync.code).toBe(2);
  });
});

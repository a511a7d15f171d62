import { describe, expect, it } from 'vitest';
import { agreementCsv } from '../../../src/cli/agreement-command.js';

describe('deskpulse agreement --format csv', () => {
  it('one line per metric, clock and reason; a row without differences has an empty reason', () => {
    const csv = agreementCsv({
      from: '1900-01-01',
      to: '2999-12-31',
      tickets: 10,
      unexplained: { count: 1, share: 0.05 },
      rows: [
        {
          metric: 'first_reply',
          clock: 'calendar',
          n: 10,
          within: 10,
          withinShare: 1,
          topReasons: [],
        },
        {
          metric: 'replies',
          clock: 'count',
          n: 10,
          within: 7,
          withinShare: 0.7,
          topReasons: [
            { reason: 'agent_created_ticket', count: 2, description: '' },
            { reason: 'unexplained', count: 1, description: '' },
          ],
        },
      ],
    });
    expect(csv).toBe(
      [
        'metric,clock,n,within,within_share,reason,count',
        'first_reply,calendar,10,10,1,,0',
        'replies,count,10,7,0.7,agent_created_ticket,2',
        'replies,count,10,7,0.7,unexplained,1',
        '',
      ].join('\n'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { customerActivity } from '../../../src/metrics/customer-activity.js';

const ticket = (channel: string, solved: boolean, interactions: number | null) => ({
  channel,
  solved,
  interactions,
});

describe('customer activity', () => {
  it('prefers the most used channel, breaking ties by the most recent, and averages messages', () => {
    // Newest first: chat and email are used twice each; chat was used last, so it leads.
    const a = customerActivity([
      ticket('chat', false, null),
      ticket('email', true, 4),
      ticket('chat', true, 2),
      ticket('email', true, 3),
      ticket('web', false, 1),
    ]);
    expect(a.preferredChannel).toBe('chat');
    expect(a.channels).toEqual([
      { channel: 'chat', tickets: 2 },
      { channel: 'email', tickets: 2 },
      { channel: 'web', tickets: 1 },
    ]);
    // Messages of analysed tickets only: (4 + 2 + 3 + 1) / 4; three of five solved.
    expect(a.interactionsPerTicket).toBe(2.5);
    expect(a.resolutionRate).toBe(0.6);
  });

  it('has nothing to say without tickets', () => {
    expect(customerActivity([])).toEqual({
      preferredChannel: null,
      channels: [],
      interactionsPerTicket: null,
      resolutionRate: null,
    });
  });
});

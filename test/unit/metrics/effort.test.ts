import { describe, expect, it } from 'vitest';
import {
  describeEffort,
  estimateEffort,
  estimateRequesterEffort,
} from '../../../src/metrics/effort.js';
import { noFriction } from '../../support/timeline-builder.js';

const none = noFriction;

describe('effort estimate', () => {
  it.each([
    ['no friction', none, 0],
    ['two follow-ups', { ...none, customerFollowUps: 2 }, 12],
    ['one reopen', { ...none, reopens: 1 }, 12],
    ['reopens are capped at 24', { ...none, reopens: 5 }, 24],
    ['8 h wait = 5 points', { ...none, requesterWaitHours: 8 }, 5],
    ['a week of waiting is capped at 15', { ...none, requesterWaitHours: 168 }, 15],
    [
      'everything at its cap sums to 100',
      {
        customerFollowUps: 10,
        reopens: 10,
        handoffs: 10,
        requesterWaitHours: 1000,
        channelSwitches: 10,
        repeatContacts: 10,
      },
      100,
    ],
  ])('%s -> %i', (_name, inputs, score) => {
    expect(estimateEffort(inputs).score).toBe(score);
  });

  it('gives its top drivers as readable reasons, largest first', () => {
    const e = estimateEffort({
      ...none,
      reopens: 2,
      customerFollowUps: 1,
      handoffs: 1,
      channelSwitches: 1,
    });
    expect(describeEffort(e)).toEqual([
      'Reopened 2 times',
      '1 follow-up message from the customer',
      'Handed between agents or groups 1 time',
    ]);
  });

  it('a requester score is the mean of their tickets with aggregated reasons', () => {
    const a = estimateEffort({ ...none, reopens: 1 });
    const b = estimateEffort({ ...none, reopens: 1, repeatContacts: 1 });
    const requester = estimateRequesterEffort([a, b], null);
    expect(requester).toEqual({
      score: 15,
      reasons: [
        { driver: 'reopens', tickets: 2, thresholdSeconds: null },
        { driver: 'repeatContacts', tickets: 1, thresholdSeconds: null },
      ],
    });
    expect(estimateRequesterEffort([], null)).toBeNull();
  });

  it('names waiting only for tickets that waited longer than the threshold, and states it', () => {
    // Waits of 1 h, 2 h and 30 h against a 4 h team p75: one ticket waited long, not three.
    const waits = [1, 2, 30].map((h) => estimateEffort({ ...none, requesterWaitHours: h }));
    expect(estimateRequesterEffort(waits, 4 * 3600)?.reasons).toEqual([
      { driver: 'requesterWaitHours', tickets: 1, thresholdSeconds: 14_400 },
    ]);
    // Above every wait: no waiting reason at all, though the score still counts the waits.
    const calm = estimateRequesterEffort(waits, 40 * 3600);
    expect(calm?.reasons).toEqual([]);
    expect(calm?.score).toBeGreaterThan(0);
    // No team baseline yet: no threshold to state, so no waiting reason.
    expect(estimateRequesterEffort(waits, null)?.reasons).toEqual([]);
  });
});

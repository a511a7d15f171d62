import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../src/services/pipeline/webhook-intake.js';
import { signWebhook } from '../../../src/simulator/index.js';

const SECRET = 'whsec-test-secret';
const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const TIMESTAMP = new Date(NOW - 30_000).toISOString();
const BODY = JSON.stringify({
  type: 'zen:event-type:ticket.updated',
  id: 'delivery-1',
  detail: { id: '42', updated_at: '2024-06-01T11:59:00Z' },
});

/** A delivery signed the way the simulator (and Zendesk) signs it; override any field. */
function input(overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) {
  return {
    secret: SECRET,
    signature: signWebhook(SECRET, TIMESTAMP, BODY),
    timestamp: TIMESTAMP,
    rawBody: Buffer.from(BODY),
    now: NOW,
    ...overrides,
  };
}

const minutes = (n: number) => new Date(NOW + n * 60_000).toISOString();

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed by the simulator', () => {
    expect(verifyWebhookSignature(input())).toBe(true);
  });

  it('verifies the raw bytes, not a re-serialisation', () => {
    const spaced = JSON.stringify(JSON.parse(BODY), null, 2);
    const signature = signWebhook(SECRET, TIMESTAMP, spaced);
    expect(verifyWebhookSignature(input({ signature, rawBody: Buffer.from(spaced) }))).toBe(true);
    expect(verifyWebhookSignature(input({ signature }))).toBe(false);
  });

  it.each([
    ['a tampered body', { rawBody: Buffer.from(BODY.replace('42', '43')) }],
    ['a wrong secret', { secret: 'another-secret' }],
    ['a timestamp other than the signed one', { timestamp: new Date(NOW).toISOString() }],
  ])('rejects %s', (_name, overrides) => {
    expect(verifyWebhookSignature(input(overrides))).toBe(false);
  });

  it.each([
    ['5 minutes and 1 second old', -5 * 60 - 1 / 60],
    ['an hour old', -60],
    ['6 minutes in the future', 6],
  ])('rejects a timestamp %s even when correctly signed', (_name, offsetMinutes) => {
    const timestamp = minutes(offsetMinutes);
    const signature = signWebhook(SECRET, timestamp, BODY);
    expect(verifyWebhookSignature(input({ timestamp, signature }))).toBe(false);
  });

  it('accepts a timestamp inside the window either way, and honours a custom tolerance', () => {
    for (const offset of [-4.9, 4.9]) {
      const timestamp = minutes(offset);
      const signature = signWebhook(SECRET, timestamp, BODY);
      expect(verifyWebhookSignature(input({ timestamp, signature }))).toBe(true);
      expect(verifyWebhookSignature(input({ timestamp, signature, toleranceMs: 60_000 }))).toBe(
        false,
      );
    }
  });

  it.each([
    ['a missing signature', { signature: undefined }],
    ['a missing timestamp', { timestamp: undefined }],
    ['an empty signature', { signature: '' }],
    ['a signature that is not base64', { signature: '!'.repeat(43) + '=' }],
    ['a truncated signature', { signature: signWebhook(SECRET, TIMESTAMP, BODY).slice(0, 20) }],
    ['a hex signature', { signature: 'ab'.repeat(32) }],
    ['an epoch-seconds timestamp', { timestamp: String(NOW / 1000) }],
    ['a garbage timestamp', { timestamp: 'yesterday' }],
    ['an impossible date', { timestamp: '2024-13-45T99:99:99Z' }],
  ])('rejects %s', (_name, overrides) => {
    expect(verifyWebhookSignature(input(overrides))).toBe(false);
  });
});

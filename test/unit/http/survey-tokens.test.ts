import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/services/surveys/rate-limit.js';
import {
  deriveSurveyKey,
  signSurveyToken,
  verifySurveyToken,
} from '../../../src/services/surveys/tokens.js';

const NOW = Date.UTC(2024, 5, 1);

describe('survey tokens', () => {
  const key = deriveSurveyKey(randomBytes(32));
  const claim = { installationId: randomUUID(), ticketId: '42', expiresAt: NOW + 60_000 };

  it('round-trips a claim until it expires', () => {
    const token = signSurveyToken(key, claim);
    expect(verifySurveyToken(key, token, NOW)).toEqual(claim);
    expect(verifySurveyToken(key, token, claim.expiresAt)).toBeNull();
  });

  it('rejects another key, a changed payload or signature, and junk', () => {
    const token = signSurveyToken(key, claim);
    const [payload = '', signature = ''] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ i: claim.installationId, t: '43', e: claim.expiresAt }),
    ).toString('base64url');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      signSurveyToken(deriveSurveyKey(randomBytes(32)), claim),
      `${otherPayload}.${signature}`,
      `${payload}.${flipped}`,
      '',
      'a.b',
      `${payload}.${signature}.x`,
    ]) {
      expect(verifySurveyToken(key, bad, NOW)).toBeNull();
    }
  });

  it('derives a key distinct from the encryption key', () => {
    const encryptionKey = randomBytes(32);
    expect(deriveSurveyKey(encryptionKey).equals(encryptionKey)).toBe(false);
    expect(deriveSurveyKey(encryptionKey)).toEqual(deriveSurveyKey(Buffer.from(encryptionKey)));
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits per key and window, then tells the seconds left', () => {
    const clock = { now: 0 };
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => clock.now });
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('b')]).toEqual([0, 0, 0]);
    clock.now = 15_000;
    expect(limiter.hit('a')).toBe(45);
    clock.now = 60_000;
    expect(limiter.hit('a')).toBe(0);
  });

  it('keeps at most maxKeys windows', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c');
    // 'a' was dropped as the oldest, so it starts a fresh window.
    expect(limiter.hit('a')).toBe(0);
    expect(limiter.hit('c')).toBe(60);
  });
});

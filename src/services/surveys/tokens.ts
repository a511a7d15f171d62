import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Id, Instant } from '../../domain/index.js';

/** What a survey link carries: whose ticket, and until when it may be answered. */
export interface SurveyClaim {
  installationId: string;
  ticketId: Id;
  expiresAt: Instant;
}

const ClaimSchema = z.object({
  i: z.uuid(),
  t: z.string().min(1).max(64),
  e: z.number().int().positive(),
});

// base64url payload, a dot, a 32-byte base64url HMAC (43 characters).
const TOKEN = /^([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{43})$/;

/** How long a survey link stays answerable. */
export const SURVEY_LINK_TTL_MS = 30 * 86_400_000;

/**
 * The survey-signing key, derived from the encryption key with HKDF under its own label, so the
 * credential key itself never signs anything a customer sees and a leaked survey key opens
 * nothing else.
 */
export function deriveSurveyKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'deskpulse/ces-survey/v1', 32),
  );
}

/** A signed token for the claim: `base64url(JSON).base64url(HMAC-SHA256)`. */
export function signSurveyToken(key: Buffer, claim: SurveyClaim): string {
  const payload = Buffer.from(
    JSON.stringify({ i: claim.installationId, t: claim.ticketId, e: claim.expiresAt }),
  ).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/**
 * The claim of a well-formed, correctly signed (constant-time compare), unexpired token; null for
 * anything else, so callers answer every bad token the same way.
 */
export function verifySurveyToken(key: Buffer, token: string, now: Instant): SurveyClaim | null {
  const match = TOKEN.exec(token);
  if (match === null) return null;
  const [, payload = '', signature = ''] = match;
  const expected = Buffer.from(mac(key, payload), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = ClaimSchema.safeParse(json);
  if (!parsed.success || parsed.data.e <= now) return null;
  return { installationId: parsed.data.i, ticketId: parsed.data.t, expiresAt: parsed.data.e };
}

function mac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

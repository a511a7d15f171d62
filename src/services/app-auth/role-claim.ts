import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors.js';

/** A Zendesk role as `currentUser.role` gives it (`admin`, `agent`, or a custom role's name). */
export const ZendeskRoleSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9 _-]{0,63}$/i, 'a Zendesk role name (letters, digits, space, _ or -)');

/** What a verified role claim says: the Zendesk user and their role. */
export interface RoleClaim {
  userId: string;
  role: string;
  expiresAt: number;
}

// The app asks the proxy for 5-minute claims; anything valid far longer was not made by it.
const MAX_LIFETIME_S = 15 * 60;
// Clocks of Zendesk's proxy and this server may differ a little.
const SKEW_S = 60;
const MAX_TOKEN_LENGTH = 2048;

const HeaderSchema = z.object({ alg: z.literal('HS256'), typ: z.string().optional() });
const PayloadSchema = z.object({
  sub: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()]).transform(String),
  role: ZendeskRoleSchema,
  iat: z.number().int(),
  exp: z.number().int(),
});

/** Why a claim was refused: 401, with a stable code per reason. */
export class RoleClaimError extends AppError {
  constructor(
    code: 'ROLE_CLAIM_REQUIRED' | 'ROLE_CLAIM_INVALID' | 'ROLE_CLAIM_EXPIRED',
    message: string,
  ) {
    super(code, message, { status: 401 });
  }
}

const invalid = () => new RoleClaimError('ROLE_CLAIM_INVALID', 'the role claim is not valid');

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Verifies a role claim: an HS256 JWT that Zendesk's proxy signed with the installation's
 * `role_claim_key` (ZAF `client.request({ jwt })`). Only HS256 is accepted (no `none`, no key
 * confusion); the signature is compared in constant time before any claim is read; `iat` and
 * `exp` are required, the claim must be unexpired and live at most 15 minutes.
 */
export function verifyRoleClaim(token: string | undefined, key: string, nowMs: number): RoleClaim {
  if (token === undefined || token === '') {
    throw new RoleClaimError('ROLE_CLAIM_REQUIRED', 'this call needs a role claim');
  }
  const parts = token.length > MAX_TOKEN_LENGTH ? [] : token.split('.');
  const [header, payload, signature] = parts;
  if (
    parts.length !== 3 ||
    header === undefined ||
    payload === undefined ||
    signature === undefined
  ) {
    throw invalid();
  }
  if (!HeaderSchema.safeParse(decodePart(header)).success) throw invalid();
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const claims = PayloadSchema.safeParse(decodePart(payload));
  if (!claims.success) throw invalid();
  const { sub, role, iat, exp } = claims.data;
  const now = Math.floor(nowMs / 1000);
  if (exp - iat > MAX_LIFETIME_S || iat > now + SKEW_S) throw invalid();
  if (exp <= now - SKEW_S) {
    throw new RoleClaimError('ROLE_CLAIM_EXPIRED', 'the role claim has expired');
  }
  return { userId: sub, role, expiresAt: exp * 1000 };
}

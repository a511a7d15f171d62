import { createHmac } from 'node:crypto';

/** Claims as the app asks Zendesk's proxy to sign them. */
export interface TestClaims {
  sub?: string | number;
  role?: string;
  iat?: number;
  exp?: number;
  [name: string]: unknown;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 JWT made the way Zendesk's proxy makes the app's `jwt` request option (RFC 7519,
 * written out here independently of the server's verifier). `alg` can be overridden to forge.
 */
export function signClaim(key: string, claims: TestClaims, alg = 'HS256'): string {
  const head = b64({ alg, typ: 'JWT' });
  const body = b64(claims);
  const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** A claim for `role` valid for five minutes from `nowMs`. */
export function freshClaim(key: string, role: string, nowMs: number, sub = '1001'): string {
  const iat = Math.floor(nowMs / 1000);
  return signClaim(key, { sub, role, iat, exp: iat + 300 });
}

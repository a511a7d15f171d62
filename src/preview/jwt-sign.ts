import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** ZAF's `jwt` request option as the app passes it to `client.request`. */
export const ZafJwtSchema = z.object({
  algorithm: z.literal('HS256'),
  secret_key: z.string().min(1).max(200),
  expiry: z.number().int().positive().max(86_400),
  claims: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ZafJwt = z.infer<typeof ZafJwtSchema>;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Signs the app's claims as Zendesk's proxy does for a `jwt` request: HS256 with the (already
 * substituted) secret key, `iat` now and `exp` now + `expiry` seconds added by the proxy, so
 * the page can neither see the key nor choose the token's lifetime past what it asked.
 */
export function signZafJwt(jwt: ZafJwt, key: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ ...jwt.claims, iat, exp: iat + jwt.expiry });
  const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

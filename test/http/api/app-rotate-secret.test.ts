import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRoleClaimKey } from '../../../src/services/app-auth/role-claim-key.js';
import { freshClaim } from '../../support/role-claims.js';
import { ADMIN_TOKEN, call, installation, type ApiHarness, startApi } from './support.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApi();
}, 60_000);

afterAll(async () => {
  await h.close();
});

const CLAIM = 'x-deskpulse-role-claim';
const ROTATE = '/api/v1/app/admin/rotate-secret';
const rotate = (secret: string, key: string, role: string) =>
  call(h, 'POST', ROTATE, {
    token: secret,
    headers: { [CLAIM]: freshClaim(key, role, h.clock.now) },
  });
/** An in-app admin read: 200 when both the secret and the claim's key are the current ones. */
const settings = async (secret: string, key: string) =>
  (
    await call(h, 'GET', '/api/v1/app/admin/settings', {
      token: secret,
      headers: { [CLAIM]: freshClaim(key, 'admin', h.clock.now) },
    })
  ).status;
const errorCode = (r: { json: unknown }) => (r.json as { error: { code: string } }).error.code;

describe('in-app secret rotation (Admin view)', () => {
  it("refuses an agent's claim with 403 ROLE_FORBIDDEN and a missing claim with 401; the secret stays", async () => {
    const a = await installation(h);
    const agent = await rotate(a.secret, a.roleClaimKey, 'agent');
    expect([agent.status, errorCode(agent)]).toEqual([403, 'ROLE_FORBIDDEN']);
    const bare = await call(h, 'POST', ROTATE, { token: a.secret });
    expect([bare.status, errorCode(bare)]).toEqual([401, 'ROLE_CLAIM_REQUIRED']);
    // ADMIN_TOKEN is not an installation secret: it opens no in-app route.
    const operator = await call(h, 'POST', ROTATE, { token: ADMIN_TOKEN });
    expect(operator.status).toBe(401);
    expect(await settings(a.secret, a.roleClaimKey)).toBe(200);
  });

  it('gives an admin a new secret and role claim key once; the old secret is refused at once', async () => {
    const a = await installation(h);
    const other = await installation(h);
    // Authenticated first, so the old secret sits in the auth cache the route must clear.
    expect(await settings(a.secret, a.roleClaimKey)).toBe(200);
    const r = await rotate(a.secret, a.roleClaimKey, 'admin');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const rotated = r.json as { installationId: string; appSecret: string; roleClaimKey: string };
    expect(rotated.installationId).toBe(a.id);
    expect(rotated.appSecret).toMatch(/^[\w-]{43}$/);
    expect(rotated.appSecret).not.toBe(a.secret);
    // The key is the one derived from the new secret's hash (computed here independently).
    const hash = (await h.store.getInstallation(a.id))?.appSecretHash ?? '';
    expect(rotated.roleClaimKey).toBe(deriveRoleClaimKey(h.key, { id: a.id, appSecretHash: hash }));
    expect(rotated.roleClaimKey).not.toBe(a.roleClaimKey);

    const old = await call(h, 'GET', '/api/v1/app/admin/settings', {
      token: a.secret,
      headers: { [CLAIM]: freshClaim(a.roleClaimKey, 'admin', h.clock.now) },
    });
    expect([old.status, errorCode(old)]).toEqual([401, 'UNAUTHORIZED']);
    // The new secret works with the new key only: the old key's claims no longer verify.
    expect(await settings(rotated.appSecret, rotated.roleClaimKey)).toBe(200);
    expect(await settings(rotated.appSecret, a.roleClaimKey)).toBe(401);
    // Rotating again with the old secret is refused; another installation is untouched.
    expect((await rotate(a.secret, a.roleClaimKey, 'admin')).status).toBe(401);
    expect(await settings(other.secret, other.roleClaimKey)).toBe(200);
    // Nothing can show the secret again: the stored row keeps only its hash, the log no secret.
    expect(hash).not.toContain(rotated.appSecret);
    const logged = h.logs.filter((line) => line.includes('app secret rotated'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(a.id);
    expect(logged.join('')).not.toContain(rotated.appSecret);
    expect(logged.join('')).not.toContain(rotated.roleClaimKey);
  });

  it("the operators' rotation returns the new role claim key as well", async () => {
    const a = await installation(h);
    const r = await call(h, 'POST', `/api/v1/admin/installations/${a.id}/rotate-secret`, {
      token: ADMIN_TOKEN,
    });
    expect(r.status).toBe(200);
    const { appSecret, roleClaimKey } = r.json as { appSecret: string; roleClaimKey: string };
    expect(await settings(appSecret, roleClaimKey)).toBe(200);
    expect(await settings(a.secret, a.roleClaimKey)).toBe(401);
  });
});

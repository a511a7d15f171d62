import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { freshClaim, signClaim } from '../../support/role-claims.js';
import { call, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string; key: string };
let b: { id: string; secret: string; key: string };

async function register(domain: string) {
  const r = await registerInstallation(h.store, h.key, {
    helpdesk: 'zendesk',
    domain,
    credentials: { kind: 'token', email: 'admin@acme.test', token: 'zd-token-secret' },
  });
  return { id: r.installation.id, secret: r.appSecret, key: r.roleClaimKey };
}

beforeAll(async () => {
  h = await startApi();
  a = await register('acme-a');
  b = await register('acme-b');
}, 60_000);

afterAll(async () => {
  await h.close();
});

const CLAIM = 'x-deskpulse-role-claim';
const as = (who: { secret: string }, claim?: string) => ({
  token: who.secret,
  headers: claim === undefined ? {} : { [CLAIM]: claim },
});
const errorCode = (r: { json: unknown }) => (r.json as { error: { code: string } }).error.code;

describe('role claims on the app admin API', () => {
  const ADMIN_GETS = [
    '/api/v1/app/admin/sync-status',
    '/api/v1/app/admin/quarantine',
    '/api/v1/app/admin/settings',
  ];

  it('answer the verified role: who the claim names, admin or not', async () => {
    const agent = await call(
      h,
      'GET',
      '/api/v1/app/role',
      as(a, freshClaim(a.key, 'agent', h.clock.now, '77')),
    );
    expect(agent.status).toBe(200);
    expect(agent.json).toEqual({ userId: '77', role: 'agent', admin: false, board: true });
    const admin = await call(
      h,
      'GET',
      '/api/v1/app/role',
      as(a, freshClaim(a.key, 'admin', h.clock.now)),
    );
    expect(admin.json).toMatchObject({ role: 'admin', admin: true });
  });

  it('refuse a missing, forged, alg-none, expired or over-long claim with 401', async () => {
    const now = Math.floor(h.clock.now / 1000);
    const cases: [string | undefined, string][] = [
      [undefined, 'ROLE_CLAIM_REQUIRED'],
      [freshClaim('not-the-key', 'admin', h.clock.now), 'ROLE_CLAIM_INVALID'],
      [
        signClaim(a.key, { sub: '1', role: 'admin', iat: now, exp: now + 300 }, 'none'),
        'ROLE_CLAIM_INVALID',
      ],
      [
        signClaim(a.key, { sub: '1', role: 'admin', iat: now - 900, exp: now - 120 }),
        'ROLE_CLAIM_EXPIRED',
      ],
      [
        signClaim(a.key, { sub: '1', role: 'admin', iat: now, exp: now + 86_400 }),
        'ROLE_CLAIM_INVALID',
      ],
      [signClaim(a.key, { sub: '1', role: 'admin', iat: now }), 'ROLE_CLAIM_INVALID'],
      ['a.b.c', 'ROLE_CLAIM_INVALID'],
    ];
    // A claim whose payload was edited after signing (agent → admin) fails its signature.
    const [head, , sig] = freshClaim(a.key, 'agent', h.clock.now).split('.');
    const edited = Buffer.from(
      JSON.stringify({ sub: '1', role: 'admin', iat: now, exp: now + 300 }),
    ).toString('base64url');
    cases.push([`${head ?? ''}.${edited}.${sig ?? ''}`, 'ROLE_CLAIM_INVALID']);
    for (const [claim, code] of cases) {
      for (const path of ADMIN_GETS) {
        const r = await call(h, 'GET', path, as(a, claim));
        expect([path, r.status, errorCode(r)]).toEqual([path, 401, code]);
      }
    }
  });

  it("refuse another installation's claim, and a claim without the app secret", async () => {
    const foreign = await call(
      h,
      'GET',
      '/api/v1/app/admin/settings',
      as(a, freshClaim(b.key, 'admin', h.clock.now)),
    );
    expect([foreign.status, errorCode(foreign)]).toEqual([401, 'ROLE_CLAIM_INVALID']);
    const noSecret = await call(h, 'GET', '/api/v1/app/admin/settings', {
      headers: { [CLAIM]: freshClaim(a.key, 'admin', h.clock.now) },
    });
    expect(noSecret.status).toBe(401);
  });

  it('refuse a valid agent claim with 403 and serve an admin claim its own installation only', async () => {
    for (const path of ADMIN_GETS) {
      const r = await call(h, 'GET', path, as(a, freshClaim(a.key, 'agent', h.clock.now)));
      expect([path, r.status, errorCode(r)]).toEqual([path, 403, 'ROLE_FORBIDDEN']);
    }
    const put = await call(h, 'PUT', '/api/v1/app/admin/settings', {
      ...as(b, freshClaim(b.key, 'admin', h.clock.now)),
      body: { budgetShare: 0.25 },
    });
    expect(put.status).toBe(200);
    const mine = await call(
      h,
      'GET',
      '/api/v1/app/admin/settings',
      as(a, freshClaim(a.key, 'admin', h.clock.now)),
    );
    const theirs = await call(
      h,
      'GET',
      '/api/v1/app/admin/settings',
      as(b, freshClaim(b.key, 'admin', h.clock.now)),
    );
    expect((mine.json as { settings: object }).settings).toEqual({});
    expect((theirs.json as { settings: object }).settings).toEqual({ budgetShare: 0.25 });
    const status = await call(
      h,
      'GET',
      '/api/v1/app/admin/sync-status',
      as(a, freshClaim(a.key, 'admin', h.clock.now)),
    );
    expect(status.status).toBe(200);
  });

  it('keep baseUrl operator-only: the app cannot point the credentials elsewhere', async () => {
    const r = await call(h, 'PUT', '/api/v1/app/admin/settings', {
      ...as(a, freshClaim(a.key, 'admin', h.clock.now)),
      body: { baseUrl: 'https://attacker.example.com' },
    });
    expect([r.status, errorCode(r)]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('boardRoles: which roles see the board', () => {
  const BOARD = '/api/v1/kpis/board?from=2024-03-01&to=2024-03-03';

  it('serve the board to any app user while unset, and only to the listed roles once set', async () => {
    const c = await register('acme-c');
    expect((await call(h, 'GET', BOARD, { token: c.secret })).status).toBe(200);
    expect((await call(h, 'GET', '/api/v1/alerts', { token: c.secret })).status).toBe(200);

    const set = await call(h, 'PUT', '/api/v1/app/admin/settings', {
      ...as(c, freshClaim(c.key, 'admin', h.clock.now)),
      body: { boardRoles: ['admin', 'team_lead'] },
    });
    expect(set.status).toBe(200);
    // Authenticated installations are cached for 5 s: the setting applies within that.
    await expect
      .poll(async () => (await call(h, 'GET', BOARD, { token: c.secret })).status, {
        timeout: 10_000,
        interval: 500,
      })
      .toBe(401);
    const without = await call(h, 'GET', BOARD, { token: c.secret });
    expect([without.status, errorCode(without)]).toEqual([401, 'ROLE_CLAIM_REQUIRED']);
    const agent = await call(h, 'GET', BOARD, as(c, freshClaim(c.key, 'agent', h.clock.now)));
    expect([agent.status, errorCode(agent)]).toEqual([403, 'ROLE_FORBIDDEN']);
    const alertsAgent = await call(
      h,
      'GET',
      '/api/v1/alerts',
      as(c, freshClaim(c.key, 'agent', h.clock.now)),
    );
    expect(alertsAgent.status).toBe(403);
    const lead = await call(h, 'GET', BOARD, as(c, freshClaim(c.key, 'team_lead', h.clock.now)));
    expect(lead.status).toBe(200);
    const role = await call(
      h,
      'GET',
      '/api/v1/app/role',
      as(c, freshClaim(c.key, 'agent', h.clock.now)),
    );
    expect(role.json).toMatchObject({ board: false, admin: false });
    // The sidebar is not the board: an agent's sidebar calls need no claim.
    const clocks = await call(h, 'GET', '/api/v1/tickets/1/clocks', { token: c.secret });
    expect(clocks.status).toBe(404);
  }, 30_000);

  it('refuse a boardRoles list that is empty or holds a malformed role', async () => {
    for (const boardRoles of [[], ['<script>']]) {
      const r = await call(h, 'PUT', '/api/v1/app/admin/settings', {
        ...as(a, freshClaim(a.key, 'admin', h.clock.now)),
        body: { boardRoles },
      });
      expect(r.status).toBe(400);
    }
  });
});

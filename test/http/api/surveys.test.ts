import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_BUCKET_MS } from '../../../src/services/pipeline/drains.js';
import { signSurveyToken, deriveSurveyKey } from '../../../src/services/surveys/tokens.js';
import {
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };
let path: string;

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  await seed(h, a.id, [solvedTicket('3001', '701', '801'), openTicket('3002', '701', '801')]);
  const link = await call(h, 'GET', '/api/v1/tickets/3001/survey-link', { token: a.secret });
  path = new URL((link.json as { url: string }).url).pathname;
}, 60_000);

afterAll(async () => {
  await h.close();
});

const form = (value: string) => ({
  body: `value=${value}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('CES survey', () => {
  it('shows a 1-7 form without scripts, under helmet headers', async () => {
    const r = await call(h, 'GET', path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text.match(/type="radio"/g)).toHaveLength(7);
    expect(r.text).not.toContain('<script');
    expect(r.headers.get('content-security-policy')).toContain("form-action 'self'");
  });

  it('answers 400 to values outside 1..7 and records nothing', async () => {
    for (const value of ['0', '8', '3.5', 'seven', '']) {
      const r = await call(h, 'POST', path, form(value));
      expect(r.status).toBe(400);
    }
    for (const value of [9, true, '1e0', 2.5]) {
      const json = await call(h, 'POST', path, { body: { value } });
      expect(json.status).toBe(400);
    }
    expect((await h.store.getTicketTimeline(a.id, '3001'))?.surveyAnswers).toEqual([]);
  });

  it('records a form answer once, pushes it into the pipeline, then refuses a second', async () => {
    const before = h.jobs.length;
    const r = await call(h, 'POST', path, form('6'));
    expect(r.status).toBe(201);
    expect(r.text).toContain('Thank you');
    expect(h.jobs.slice(before)).toEqual([
      {
        name: 'ticket.analyze',
        payload: { installationId: a.id, ticketId: '3001', updatedAt: h.clock.now },
      },
      // The entry also marked the ticket: a drain takes it if the job above never completes.
      { name: 'analysis.drain', payload: { installationId: a.id, notBefore: nextBucket(h) } },
    ]);
    const answers = (await h.store.getTicketTimeline(a.id, '3001'))?.surveyAnswers;
    expect(answers).toEqual([
      expect.objectContaining({
        kind: 'ces',
        value: 6,
        scaleMin: 1,
        scaleMax: 7,
        requesterId: '701',
      }),
    ]);
    const again = await call(h, 'POST', path, { body: { value: 2 } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: 'ALREADY_ANSWERED' } });
    const page = await call(h, 'GET', path);
    expect(page.text).toContain('Already answered');
  });

  it('answers 404 to a tampered, foreign-key or expired token', async () => {
    const token = path.split('/').at(-1) ?? '';
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const forged = signSurveyToken(deriveSurveyKey(Buffer.alloc(32, 7)), {
      installationId: a.id,
      ticketId: '3001',
      expiresAt: h.clock.now + 60_000,
    });
    const valid = signSurveyToken(deriveSurveyKey(h.key), {
      installationId: a.id,
      ticketId: '3001',
      expiresAt: h.clock.now - 1,
    });
    for (const t of [tampered, forged, valid, 'garbage', 'a.b']) {
      const r = await call(h, 'GET', `/surveys/ces/${t}`);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('only signs links for solved tickets of the caller', async () => {
    const b = await installation(h);
    const other = await call(h, 'GET', '/api/v1/tickets/3001/survey-link', { token: b.secret });
    expect(other.status).toBe(404);
  });
});

describe('survey rate limit and PUBLIC_URL', () => {
  let limited: ApiHarness;
  beforeAll(async () => {
    limited = await startApi({ surveyLimit: 3, publicUrl: null });
  }, 60_000);
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After past the per-client limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call(limited, 'GET', path)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const r = await call(limited, 'POST', path, { body: { value: 5 } });
    expect(r.status).toBe(429);
    expect(r.json).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    limited.clock.now += 61_000;
    expect((await call(limited, 'GET', path)).status).toBe(404);
  });

  it('answers 503 PUBLIC_URL_UNSET for survey links without PUBLIC_URL', async () => {
    const c = await installation(limited);
    await seed(limited, c.id, [solvedTicket('4001', '1', '2')]);
    const r = await call(limited, 'GET', '/api/v1/tickets/4001/survey-link', { token: c.secret });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ error: { code: 'PUBLIC_URL_UNSET' } });
  });
});

/** The end of the analysis drain's time bucket the harness clock is in (drains.ts requestDrain). */
function nextBucket(h: { clock: { now: number } }): number {
  const bucket = DRAIN_BUCKET_MS['analysis.drain'];
  return (Math.floor(h.clock.now / bucket) + 1) * bucket;
}

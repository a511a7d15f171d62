import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_RETENTION_MS } from '../../../src/services/pipeline/webhook-intake.js';
import { call, installation, startApi, type ApiHarness } from './support.js';

const SECRET = 'retention-webhook-signing-secret-0123456789';

let h: ApiHarness;
let installationId: string;

beforeAll(async () => {
  h = await startApi({ webhookSecret: SECRET });
  installationId = (await installation(h)).id;
}, 60_000);

afterAll(async () => {
  await h.close();
});

/** Sends delivery `id`, signed now (by the harness clock) as Zendesk would. */
async function deliver(id: string) {
  const body = JSON.stringify({
    type: 'zen:event-type:ticket.status_changed',
    id,
    detail: { id: '1001', updated_at: new Date(h.clock.now).toISOString() },
  });
  const timestamp = new Date(h.clock.now).toISOString();
  const signature = createHmac('sha256', SECRET).update(timestamp).update(body).digest('base64');
  const r = await call(h, 'POST', `/webhooks/zendesk/${installationId}`, {
    body,
    headers: {
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  });
  return (r.json as { status: string }).status;
}

describe('webhook deliveries after the replay window', () => {
  it('are remembered through the window and forgotten after it', async () => {
    expect(DELIVERY_RETENTION_MS).toBeGreaterThanOrEqual(2 * 5 * 60_000);
    expect(await deliver('d-1')).toBe('accepted');
    h.clock.now += 10 * 60_000;
    expect(await deliver('d-1')).toBe('duplicate');
    // Past the retention the row is pruned: the same id (freshly signed) counts as new again.
    h.clock.now += DELIVERY_RETENTION_MS;
    expect(await deliver('d-1')).toBe('accepted');
  });
});

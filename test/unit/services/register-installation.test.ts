import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { decryptSecret, hashAppSecret } from '../../../src/security/secrets.js';
import type { Installation, NewInstallation, TicketStore } from '../../../src/store/store.js';

const KEY = randomBytes(32);

/** Just enough of a store to see what registration writes. */
function recordingStore(): { store: TicketStore; created: NewInstallation[] } {
  const created: NewInstallation[] = [];
  const store = {
    createInstallation: async (input: NewInstallation): Promise<Installation> => {
      created.push(input);
      return { ...input, id: 'inst-1', createdAt: 0 };
    },
  } as unknown as TicketStore;
  return { store, created };
}

describe('registerInstallation', () => {
  it('stores the app secret only as its hash and the credentials with the webhook secret encrypted', async () => {
    const { store, created } = recordingStore();
    const result = await registerInstallation(store, KEY, {
      helpdesk: 'zendesk',
      domain: 'Acme',
      credentials: { kind: 'token', email: 'admin@acme.test', token: 'tok-123' },
      settings: {
        baseUrl: 'http://127.0.0.1:4000',
        timeFieldId: 360001,
        cesFieldId: '360002',
        npsFieldId: 360004,
      },
    });
    const row = created[0];
    if (row === undefined) throw new Error('nothing stored');
    expect(row.appSecretHash).toBe(hashAppSecret(result.appSecret));
    expect(row.domain).toBe('acme');
    expect(row.settings).toEqual({
      baseUrl: 'http://127.0.0.1:4000',
      timeFieldId: '360001',
      cesFieldId: '360002',
      npsFieldId: '360004',
    });
    expect(JSON.stringify(row.settings)).not.toContain(result.webhookSecret);
    const secrets: unknown = JSON.parse(decryptSecret(row.credentials, KEY));
    expect(secrets).toEqual({
      kind: 'token',
      email: 'admin@acme.test',
      token: 'tok-123',
      webhookSecret: result.webhookSecret,
    });
    expect(result.appSecret).not.toBe(result.webhookSecret);
  });

  it.each([
    ['an unknown helpdesk', { helpdesk: 'jira', domain: 'a', credentials: {} }, 'helpdesk'],
    [
      'Zendesk credentials without a token',
      { helpdesk: 'zendesk', domain: 'a', credentials: { kind: 'token', email: 'a@b.test' } },
      'credentials.token',
    ],
    [
      'a Freshdesk account without an API key',
      { helpdesk: 'freshdesk', domain: 'a', credentials: {} },
      'credentials.apiKey',
    ],
    [
      'a domain with a scheme',
      { helpdesk: 'freshdesk', domain: 'https://a', credentials: { apiKey: 'k' } },
      'domain',
    ],
    [
      'a budget share above 1',
      {
        helpdesk: 'freshdesk',
        domain: 'a',
        credentials: { apiKey: 'k' },
        settings: { budgetShare: 2 },
      },
      'settings.budgetShare',
    ],
  ])('rejects %s naming the field', async (_name, input, field) => {
    const { store, created } = recordingStore();
    const error = await registerInstallation(store, KEY, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(field);
    expect(created).toHaveLength(0);
  });
});

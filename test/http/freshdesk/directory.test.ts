import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFreshdeskConnector } from '../../../src/connectors/freshdesk/connector.js';
import { BASE, testClient, useNock } from './support.js';

useNock();

function connector() {
  const { client } = testClient();
  return createFreshdeskConnector({ client, customStatuses: {}, now: () => Date.now() });
}

const groups = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({ id: from + k, name: `Group ${String(from + k)}` }));

describe('Freshdesk directory', () => {
  it('reads every page of groups and lists no brands (Freshdesk has none)', async () => {
    nock(BASE)
      .get('/api/v2/groups')
      .query({ per_page: '100', page: '1' })
      .reply(200, groups(1, 100))
      .get('/api/v2/groups')
      .query({ per_page: '100', page: '2' })
      .reply(200, groups(101, 2));
    const listing = await connector().directory?.();
    expect(listing?.kinds).toEqual(['group']);
    expect(listing?.entries).toHaveLength(102);
    expect(listing?.entries.at(-1)).toEqual({ kind: 'group', id: '102', name: 'Group 102' });
  });

  it('fails naming the group when one has no name', async () => {
    nock(BASE)
      .get('/api/v2/groups')
      .query(true)
      .reply(200, [{ id: 7, name: '' }]);
    await expect(connector().directory?.()).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringContaining('Freshdesk group 7') as string,
    });
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFreshdeskConnector } from '../../../src/connectors/freshdesk/connector.js';
import { BASE, collect, fixtureArray, fixtureObject, testClient, useNock } from './support.js';

useNock();

const START = Date.parse('2016-01-01T00:00:00Z');
const SAMPLE = fixtureObject('python-freshdesk/ticket_1.json');
const AIRBYTE = fixtureArray('airbyte-source-freshdesk/tickets.json')[0] ?? {};
const [NOTE = {}, REPLY = {}] = fixtureArray('python-freshdesk/conversations.json');

function connector() {
  const { client } = testClient();
  return createFreshdeskConnector({ client, customStatuses: {}, now: () => START });
}

function conversations(ticketId: string, page = 1) {
  return nock(BASE)
    .get(`/api/v2/tickets/${ticketId}/conversations`)
    .query({ per_page: '100', page: String(page) });
}

describe('Freshdesk eventPages', () => {
  it('turns conversations into comments and stats into approximate status events', async () => {
    nock(BASE).get('/api/v2/tickets').query(true).reply(200, [SAMPLE]);
    const incoming = { ...REPLY, id: 3, incoming: true, source: 1, user_id: 6012691534 };
    const drifted = { ...REPLY, id: 4, incoming: undefined };
    conversations('1').reply(200, [NOTE, REPLY, incoming, drifted]);
    const [page] = await collect(connector().eventPages({ checkpoint: null, startTime: START }));
    const comments = page?.items.filter((e) => e.type === 'comment') ?? [];
    expect(
      comments.map((c) => [c.id, c.public, c.authorKind, c.authorId, c.channel, c.isCreating]),
    ).toEqual([
      ['desc:1', true, 'end_user', '6012691534', 'web', true],
      ['conv:1', false, 'agent', '1', null, false],
      ['conv:2', true, 'agent', '1', 'email', false],
      ['conv:3', true, 'end_user', '6012691534', 'email', false],
    ]);
    expect(page?.quarantined.map((q) => [q.stream, q.sourceId, q.raw])).toEqual([
      ['ticket_events', '4', drifted],
    ]);
    expect(page?.quarantined[0]?.reason).toContain('incoming');
    const statuses = page?.items.filter((e) => e.type === 'status_change') ?? [];
    expect(statuses.map((s) => [s.from, s.to, new Date(s.at).toISOString()])).toEqual([
      [null, 'open', '2016-05-18T04:36:04.000Z'],
      ['open', 'solved', '2020-07-24T15:35:21.000Z'],
      // The sample is open again with no reopened_at: the current status closes the chain.
      ['solved', 'open', '2020-07-24T15:35:21.000Z'],
    ]);
    expect(page?.endOfStream).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it('places a reopen after the latest resolve and the current pending start', async () => {
    const reopened = {
      ...AIRBYTE,
      id: 50,
      status: 3,
      source: 1,
      stats: {
        resolved_at: '2022-11-17T10:00:00Z',
        closed_at: null,
        reopened_at: '2022-11-18T09:00:00Z',
        pending_since: '2022-11-18T12:00:00Z',
        status_updated_at: '2022-11-18T12:00:00Z',
      },
    };
    nock(BASE).get('/api/v2/tickets').query(true).reply(200, [reopened]);
    conversations('50').reply(200, []);
    const [page] = await collect(connector().eventPages({ checkpoint: null, startTime: START }));
    const statuses = page?.items.filter((e) => e.type === 'status_change') ?? [];
    expect(statuses.map((s) => [s.id, s.from, s.to])).toEqual([
      ['status:50:created', null, 'open'],
      [`status:50:resolved:${Date.parse('2022-11-17T10:00:00Z')}`, 'open', 'solved'],
      [`status:50:reopened:${Date.parse('2022-11-18T09:00:00Z')}`, 'solved', 'open'],
      [`status:50:pending:${Date.parse('2022-11-18T12:00:00Z')}`, 'open', 'pending'],
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('pages conversations past 100 and quarantines a ticket it cannot map', async () => {
    const unmapped = { ...AIRBYTE, id: 60, status: 9 };
    nock(BASE).get('/api/v2/tickets').query(true).reply(200, [SAMPLE, unmapped]);
    const many = Array.from({ length: 100 }, (_, i) => ({ ...REPLY, id: 1000 + i }));
    conversations('1', 1).reply(200, many);
    conversations('1', 2).reply(200, [{ ...REPLY, id: 2000 }]);
    const [page] = await collect(connector().eventPages({ checkpoint: null, startTime: START }));
    expect(page?.items.filter((e) => e.id.startsWith('conv:'))).toHaveLength(101);
    expect(page?.quarantined.map((q) => [q.sourceId, q.reason])).toEqual([
      ['60', 'custom status 9 is not mapped; add it to customStatuses'],
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

it('keeps the stats events of a ticket deleted before its conversations were read', async () => {
  nock(BASE).get('/api/v2/tickets').query(true).reply(200, [AIRBYTE]);
  conversations('21').reply(404, {});
  const [page] = await collect(connector().eventPages({ checkpoint: null, startTime: START }));
  expect(page?.items.map((e) => e.type)).toEqual([
    'comment',
    'status_change',
    'status_change',
    'status_change',
  ]);
  expect(page?.quarantined.map((q) => [q.sourceId, q.raw])).toEqual([['21', AIRBYTE]]);
  expect(page?.quarantined[0]?.reason).toContain('deleted or merged');
  expect(nock.isDone()).toBe(true);
});

describe('Freshdesk ticketHistory', () => {
  it('returns the ticket with its events; outbound email is agent-created', async () => {
    nock(BASE).get('/api/v2/tickets/21').query({ include: 'stats' }).reply(200, AIRBYTE);
    conversations('21').reply(200, []);
    const history = await connector().ticketHistory('21');
    expect(history.ticket).toMatchObject({ id: '21', status: 'closed', channel: 'outbound_email' });
    expect(history.events.map((e) => [e.type, e.type === 'comment' ? e.authorKind : null])).toEqual(
      [
        ['comment', 'agent'],
        ['status_change', null],
        ['status_change', null],
        ['status_change', null],
      ],
    );
    expect(history.quarantined).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('reports a missing ticket as NOT_FOUND', async () => {
    nock(BASE).get('/api/v2/tickets/404').query(true).reply(404, {});
    await expect(connector().ticketHistory('404')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(nock.isDone()).toBe(true);
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import {
  createZendeskConnector,
  findTicketFieldIds,
} from '../../../src/connectors/zendesk/connector.js';
import { TicketEventSchema } from '../../../src/domain/index.js';
import { BASE, NOW, fixture, testClient, useNock } from './support.js';

useNock();

type Json = Record<string, unknown>;
const MAPPING = { timeFieldId: '27642', cesFieldId: null };

function connector(warnings: string[] = []): HelpdeskConnector {
  return createZendeskConnector({
    client: testClient().client,
    mapping: MAPPING,
    now: () => NOW,
    onWarning: (message) => warnings.push(message),
  });
}

describe('zendesk ticketHistory', () => {
  it('reads the ticket and every audit page, quarantining bad audits', async () => {
    const recorded = fixture<{ audits: Json[] }>(
      'airbyte-source-zendesk-support/ticket_audits.json',
    );
    const at = (iso: string): Json => ({ created_at: iso, ticket_id: 35436, author_id: 235323 });
    const solved = {
      ...at('2011-05-05T10:00:00Z'),
      id: 40001,
      events: [
        { id: 1, type: 'Change', field_name: 'status', previous_value: 'new', value: 'solved' },
        { id: 2, type: 'Change', field_name: '27642', previous_value: '0', value: '745' },
      ],
    };
    const reopened = {
      ...at('2011-05-05T10:38:52Z'),
      id: 40002,
      events: [
        { id: 1, type: 'Change', field_name: 'status', previous_value: 'solved', value: 'open' },
      ],
    };
    const bad = {
      ...at('2011-05-05T10:30:00Z'),
      id: 40003,
      events: [{ id: 1, type: 'Change', field_name: 'status', value: 'bogus' }],
    };
    const foreign = { ...at('2011-05-05T10:31:00Z'), ticket_id: 1, id: 40004, events: [] };
    const noAuthor = { id: 40005, ticket_id: 35436, created_at: 'yesterday', events: [] };
    nock(BASE)
      .get('/api/v2/tickets/35436.json')
      .reply(200, fixture('zendesk-openapi/examples/TicketResponseExample.json'))
      .get('/api/v2/tickets/35436/audits.json')
      .query({ 'page[size]': '100' })
      .reply(200, {
        ...recorded,
        meta: { has_more: true, after_cursor: 'a2' },
        links: {
          next: `${BASE}/api/v2/tickets/35436/audits.json?page%5Bafter%5D=a2&page%5Bsize%5D=100`,
        },
      })
      .get('/api/v2/tickets/35436/audits.json')
      .query({ 'page[after]': 'a2', 'page[size]': '100' })
      .reply(200, {
        audits: [solved, bad, foreign, reopened, noAuthor],
        meta: { has_more: false },
        links: { next: null },
      })
      .get('/api/v2/users/show_many.json')
      .query({ ids: '235323' })
      .reply(200, { users: [{ id: 235323, role: 'agent' }] });
    const warnings: string[] = [];
    const history = await connector(warnings).ticketHistory('35436');
    expect(history.ticket).toMatchObject({ id: '35436', status: 'open' });
    for (const e of history.events) TicketEventSchema.parse(e);
    expect(history.events.map((e) => `${e.id} ${e.type}`)).toEqual([
      '35436:initial status_change',
      '35436:1 comment',
      '40001:2 handle_time',
      '40001:1 status_change',
      '40002:1 status_change',
    ]);
    expect(history.events[1]).toMatchObject({ authorKind: 'agent', authorId: '235323' });
    expect(history.events[2]).toMatchObject({ seconds: 745, agentId: '235323' });
    expect(history.quarantined.map((q) => [q.stream, q.sourceId])).toEqual([
      ['ticket_events', '40005'],
      ['ticket_events', '40003'],
      ['ticket_events', '40004'],
    ]);
    expect(history.quarantined[1]?.reason).toContain('bogus');
    expect(history.quarantined[1]?.raw).toEqual(bad);
    expect(nock.isDone()).toBe(true);
  });

  it('maps a missing ticket to NOT_FOUND', async () => {
    nock(BASE).get('/api/v2/tickets/404.json').reply(404, { error: 'RecordNotFound' });
    await expect(connector().ticketHistory('404')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(nock.isDone()).toBe(true);
  });
});

describe('zendesk write-back', () => {
  it('creates only the user fields that are missing', async () => {
    nock(BASE)
      .get('/api/v2/user_fields.json')
      .reply(200, {
        user_fields: [{ id: 1, key: 'deskpulse_effort', title: 'Effort', type: 'decimal' }],
      })
      .post('/api/v2/user_fields.json', {
        user_field: {
          key: 'deskpulse_aht',
          title: 'Average handle time',
          type: 'integer',
          description: 'Seconds, last 30 days',
        },
      })
      .reply(201, { user_field: { id: 2, key: 'deskpulse_aht' } });
    await connector().ensureUserFields([
      { key: 'deskpulse_effort', title: 'Effort', type: 'decimal', description: 'CES' },
      {
        key: 'deskpulse_aht',
        title: 'Average handle time',
        type: 'integer',
        description: 'Seconds, last 30 days',
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('treats a field created meanwhile by another worker (422) as ensured, but not other failures', async () => {
    const aht = { key: 'deskpulse_aht', title: 'AHT', type: 'integer' as const, description: 's' };
    nock(BASE)
      .get('/api/v2/user_fields.json')
      .reply(200, { user_fields: [] })
      .post('/api/v2/user_fields.json')
      .reply(422, {
        error: 'RecordInvalid',
        details: { key: [{ description: 'Key is already taken' }] },
      })
      .get('/api/v2/user_fields.json')
      .reply(200, { user_fields: [{ id: 2, key: 'deskpulse_aht' }] });
    await connector().ensureUserFields([aht]);
    expect(nock.isDone()).toBe(true);

    nock(BASE)
      .get('/api/v2/user_fields.json')
      .reply(200, { user_fields: [] })
      .post('/api/v2/user_fields.json')
      .reply(422, { error: 'RecordInvalid' })
      .get('/api/v2/user_fields.json')
      .reply(200, { user_fields: [] });
    await expect(connector().ensureUserFields([aht])).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
    });
    expect(nock.isDone()).toBe(true);
  });

  it('writes user field values with PUT', async () => {
    nock(BASE)
      .put('/api/v2/users/501.json', {
        user: { user_fields: { deskpulse_effort: 42, deskpulse_note: null } },
      })
      .reply(200, { user: { id: 501 } });
    await connector().updateUserFields('501', { deskpulse_effort: 42, deskpulse_note: null });
    expect(nock.isDone()).toBe(true);
  });

  it('writes many users with update_many, 100 per request', async () => {
    const updates = Array.from({ length: 150 }, (_, i) => ({
      userId: String(1000 + i),
      values: { deskpulse_effort: i },
    }));
    const bodies: unknown[] = [];
    nock(BASE)
      .put('/api/v2/users/update_many.json', (body: unknown) => bodies.push(body) > 0)
      .times(2)
      .reply(200, { job_status: { id: 'j1', status: 'queued' } });
    await connector().updateManyUserFields(updates);
    expect(nock.isDone()).toBe(true);
    const sent = bodies as { users: { id: number; user_fields: unknown }[] }[];
    expect(sent.map((b) => b.users.length)).toEqual([100, 50]);
    expect(sent[1]?.users[0]).toEqual({ id: 1100, user_fields: { deskpulse_effort: 100 } });
  });

  it('notifies the app, once per agent when agents are named', async () => {
    const body = { ticketId: '1001', metrics: { aht: 300 } };
    nock(BASE)
      .post('/api/v2/apps/notify.json', { app_id: 123, event: 'metrics.updated', body })
      .reply(200, {})
      .post('/api/v2/apps/notify.json', {
        app_id: 123,
        event: 'metrics.updated',
        body,
        agent_id: 501,
      })
      .reply(200, {})
      .post('/api/v2/apps/notify.json', {
        app_id: 123,
        event: 'metrics.updated',
        body,
        agent_id: 502,
      })
      .reply(200, '');
    const zendesk = connector();
    await zendesk.notifyApp({ appId: '123', event: 'metrics.updated', body });
    await zendesk.notifyApp({
      appId: '123',
      event: 'metrics.updated',
      body,
      agentIds: ['501', '502'],
    });
    expect(nock.isDone()).toBe(true);
  });

  it('finds the time, CES and NPS fields by title', async () => {
    const example = fixture<{ ticket_fields: Json[] }>(
      'zendesk-openapi/examples/TicketFieldsResponseExample.json',
    );
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .reply(200, {
        ticket_fields: [
          ...example.ticket_fields,
          { id: 360001, title: 'Total time spent (sec)', type: 'integer' },
          { id: 360003, title: 'Time spent last update (sec)', type: 'integer' },
          { id: 360002, title: 'Customer Effort (CES)', type: 'tagger' },
          { id: 360004, title: 'How likely to recommend us? (NPS)', type: 'integer' },
        ],
      })
      .get('/api/v2/ticket_fields.json')
      .reply(200, example);
    const { client } = testClient();
    await expect(findTicketFieldIds(client)).resolves.toEqual({
      timeFieldId: '360001',
      cesFieldId: '360002',
      npsFieldId: '360004',
    });
    await expect(findTicketFieldIds(client)).resolves.toEqual({
      timeFieldId: null,
      cesFieldId: null,
      npsFieldId: null,
    });
    expect(nock.isDone()).toBe(true);
  });
});

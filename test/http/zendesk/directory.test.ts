import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import type { TicketEvent } from '../../../src/domain/index.js';
import {
  mapTicketUpdate,
  ZendeskTicketUpdateSchema,
} from '../../../src/connectors/zendesk/ticket-events.js';
import { RoleCache } from '../../../src/connectors/zendesk/role-cache.js';
import { BASE, NOW, testClient, useNock } from './support.js';

useNock();

const MAPPING = { timeFieldId: null, cesFieldId: null };

function connector(warnings: string[] = []) {
  return createZendeskConnector({
    client: testClient().client,
    mapping: MAPPING,
    now: () => NOW,
    onWarning: (message) => warnings.push(message),
  });
}

describe('zendesk directory', () => {
  it('follows links.next through every page of groups, and reads brands', async () => {
    nock(BASE)
      .get('/api/v2/groups.json')
      .query({ 'page[size]': '100' })
      .reply(200, {
        groups: [{ id: 501, name: 'Tier 1', deleted: false }],
        meta: { has_more: true, after_cursor: 'c1' },
        links: { next: `${BASE}/api/v2/groups.json?page%5Bsize%5D=100&page%5Bafter%5D=c1` },
      })
      .get('/api/v2/groups.json')
      .query({ 'page[size]': '100', 'page[after]': 'c1' })
      .reply(200, {
        groups: [{ id: '360000000000000001', name: 'Billing' }],
        meta: { has_more: false, after_cursor: null },
        links: { next: null },
      })
      .get('/api/v2/brands.json')
      .query({ 'page[size]': '100' })
      .reply(200, {
        brands: [{ id: 360000100, name: 'Acme Support' }],
        meta: { has_more: false },
        links: { next: null },
      });
    expect(await connector().directory?.()).toEqual({
      kinds: ['group', 'brand'],
      entries: [
        { kind: 'group', id: '501', name: 'Tier 1' },
        // Ids past 2^53 arrive as strings and stay exact.
        { kind: 'group', id: '360000000000000001', name: 'Billing' },
        { kind: 'brand', id: '360000100', name: 'Acme Support' },
      ],
    });
  });

  it('skips a nameless group with a warning, and leaves brands out on a plan without them', async () => {
    nock(BASE)
      .get('/api/v2/groups.json')
      .query(true)
      .reply(200, {
        groups: [
          { id: 501, name: '' },
          { id: 502, name: 'Tier 2' },
        ],
        meta: { has_more: false },
        links: { next: null },
      })
      .get('/api/v2/brands.json')
      .query(true)
      .reply(403, { error: 'Forbidden' });
    const warnings: string[] = [];
    expect(await connector(warnings).directory?.()).toEqual({
      kinds: ['group'],
      entries: [{ kind: 'group', id: '502', name: 'Tier 2' }],
    });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('Zendesk group skipped');
    expect(warnings[1]).toContain('brand names not imported');
  });

  it('fails the read when the groups list itself is refused', async () => {
    nock(BASE)
      .get('/api/v2/groups.json')
      .query(true)
      .reply(401, { error: "Couldn't authenticate you" });
    await expect(connector().directory?.()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});

describe('zendesk schedule assignment', () => {
  it('maps a schedule_id child, keyed or by field_name, to a schedule_change', () => {
    const update = ZendeskTicketUpdateSchema.parse({
      id: 77,
      ticket_id: 9,
      timestamp: 1_709_550_000,
      updater_id: -1,
      via: 'rule',
      child_events: [
        { id: 1, event_type: 'Create', schedule_id: 7002 },
        {
          id: 2,
          event_type: 'Change',
          field_name: 'schedule_id',
          value: null,
          previous_value: 7002,
        },
        { id: 3, event_type: 'Change', schedule_id: 'London' },
      ],
    });
    const { events, quarantined } = mapTicketUpdate(update, new RoleCache(), MAPPING);
    const base = { ticketId: '9', at: 1_709_550_000_000, actorId: '-1' };
    expect(events).toEqual<TicketEvent[]>([
      { ...base, id: '77:1', type: 'schedule_change', scheduleId: '7002' },
      // Cleared: back on the account's default schedule.
      { ...base, id: '77:2', type: 'schedule_change', scheduleId: null },
    ]);
    expect(quarantined.map((q) => q.sourceId)).toEqual(['77:3']);
  });
});

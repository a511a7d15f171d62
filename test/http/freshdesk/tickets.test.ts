import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { Page, TicketBatch } from '../../../src/connectors/connector.js';
import { ConnectorError } from '../../../src/connectors/errors.js';
import { createFreshdeskConnector } from '../../../src/connectors/freshdesk/connector.js';
import { BASE, collect, fixtureArray, fixtureObject, testClient, useNock } from './support.js';

useNock();

const START = Date.parse('2022-11-16T00:00:00Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString().replace('.000', '');
/** The Airbyte-recorded ticket (include=stats,requester), as the template for generated pages. */
const TEMPLATE = fixtureArray('airbyte-source-freshdesk/tickets.json')[0] ?? {};

function ticket(id: number, updatedSecond: number, extra: Record<string, unknown> = {}) {
  return { ...TEMPLATE, id, updated_at: at(updatedSecond), ...extra };
}

function listing(since: string, page: number) {
  return nock(BASE)
    .get('/api/v2/tickets')
    .query({
      updated_since: since,
      include: 'stats',
      order_by: 'updated_at',
      order_type: 'asc',
      per_page: '100',
      page: String(page),
    });
}

function connector(maxRetries = 3) {
  const { client, delays } = testClient(maxRetries);
  const freshdesk = createFreshdeskConnector({
    client,
    customStatuses: { 6: 'hold', 8: 'pending' },
    now: () => START,
  });
  return { freshdesk, delays };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ids = (pages: Page<TicketBatch>[]) =>
  pages.flatMap((p) => p.items.flatMap((b) => b.tickets.map((t) => t.id)));

describe('Freshdesk ticketPages', () => {
  it('pages two full pages then a short one, re-windowing on updated_at and deduping', async () => {
    listing(at(0), 1).reply(
      200,
      range(1, 100).map((i) => ticket(i, i)),
    );
    // The filter is inclusive: ticket 100 comes back at the start of the next window.
    listing(at(100), 1).reply(200, [ticket(100, 100), ...range(101, 199).map((i) => ticket(i, i))]);
    listing(at(199), 1).reply(200, [ticket(199, 199), ...range(200, 203).map((i) => ticket(i, i))]);
    const { freshdesk } = connector();
    const pages = await collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    expect(pages.map((p) => p.endOfStream)).toEqual([false, false, true]);
    expect(ids(pages)).toEqual(range(1, 203).map(String));
    expect(pages.every((p) => p.quarantined.length === 0)).toBe(true);
    expect(pages[0]?.items[0]?.helpdeskMetrics).toEqual([]);
    expect(nock.isDone()).toBe(true);

    // Resuming after the second page asks for the third window only.
    listing(at(199), 1).reply(200, [ticket(199, 199), ticket(200, 200)]);
    const resumed = await collect(
      freshdesk.ticketPages({ checkpoint: pages[1]?.checkpoint ?? null, startTime: START }),
    );
    expect(ids(resumed)).toEqual(['200']);
    expect(nock.isDone()).toBe(true);
  });

  it('moves to the next page number only when a whole page shares one updated_at', async () => {
    listing(at(5), 1).reply(
      200,
      range(1, 100).map((i) => ticket(i, 5)),
    );
    listing(at(5), 2).reply(200, [ticket(101, 5), ticket(102, 6)]);
    const { freshdesk } = connector();
    const pages = await collect(
      freshdesk.ticketPages({ checkpoint: null, startTime: START + 5000 }),
    );
    expect(ids(pages)).toHaveLength(102);
    expect(nock.isDone()).toBe(true);
  });

  it('refuses to page past the 300-page cap instead of looping', async () => {
    const checkpoint = JSON.stringify({ since: START, page: 301, seen: [] });
    const { freshdesk } = connector();
    const run = collect(freshdesk.ticketPages({ checkpoint, startTime: START }));
    await expect(run).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(nock.isDone()).toBe(true);
  });

  it('rejects a checkpoint it did not write', async () => {
    const { freshdesk } = connector();
    const run = collect(freshdesk.ticketPages({ checkpoint: 'cursor-abc', startTime: START }));
    await expect(run).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
  });

  it('maps status, source, priority, ids and custom fields; quarantines an unmapped status', async () => {
    const sample = fixtureObject('python-freshdesk/ticket_1.json');
    const old = fixtureArray('python-freshdesk/all_tickets.json')[0] ?? {};
    listing(at(0), 1).reply(200, [
      sample,
      TEMPLATE,
      old,
      ticket(31, 1, { status: 3, source: 3, priority: 2 }),
      ticket(32, 2, { status: 4, source: 7, priority: 3 }),
      ticket(33, 3, { status: 6, source: 9, priority: 4 }),
      ticket(34, 4, { status: 8, source: 1, priority: null }),
      ticket(35, 5, { status: 7 }),
    ]);
    const { freshdesk } = connector();
    const [page] = await collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    const tickets = page?.items[0]?.tickets ?? [];
    const view = tickets.map((t) => [t.id, t.status, t.channel, t.priority]);
    expect(view).toEqual([
      ['1', 'open', 'web', 'low'],
      ['21', 'closed', 'outbound_email', 'low'],
      ['1', 'open', 'web', 'low'],
      ['31', 'pending', 'voice', 'normal'],
      ['32', 'solved', 'chat', 'high'],
      ['33', 'hold', 'feedback_widget', 'urgent'],
      ['34', 'pending', 'email', null],
    ]);
    expect(tickets[0]).toMatchObject({
      requesterId: '6012691534',
      assigneeId: '6010396333',
      submitterId: null,
      tags: ['foo', 'bar'],
      customFields: { parent_or_child: null, parent_ticket_id: null, child_ticket_id: null },
      createdAt: Date.parse('2016-05-18T04:36:04Z'),
    });
    // Outbound email: an agent wrote the first message.
    expect(tickets[1]).toMatchObject({ submitterId: '67013469919', organizationId: '67001265522' });
    // The older payload shape with +10:00 offsets still maps.
    expect(tickets[2]?.updatedAt).toBe(Date.parse('2015-01-01T00:58:39Z'));
    expect(page?.quarantined).toEqual([
      {
        stream: 'tickets',
        sourceId: '35',
        reason: 'custom status 7 is not mapped; add it to customStatuses',
        raw: ticket(35, 5, { status: 7 }),
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('quarantines records that drifted from the schema and keeps the rest of the page', async () => {
    const drifted = ticket(2, 2, { status: 'Open' });
    const noRequester = { ...ticket(3, 3), requester_id: undefined };
    listing(at(0), 1).reply(200, [ticket(1, 1), drifted, noRequester, 'garbage', ticket(4, 4)]);
    const { freshdesk } = connector();
    const [page] = await collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    expect(ids(page === undefined ? [] : [page])).toEqual(['1', '4']);
    const reasons = page?.quarantined.map((q) => [q.sourceId, q.reason]);
    expect(reasons).toEqual([
      ['2', expect.stringContaining('status:')],
      ['3', expect.stringContaining('requester_id:')],
      [null, expect.stringContaining('(root)')],
    ]);
    expect(page?.quarantined[0]?.raw).toEqual(drifted);
    expect(nock.isDone()).toBe(true);
  });

  it('waits for Retry-After when a later page is rate limited', async () => {
    listing(at(0), 1).reply(
      200,
      range(1, 100).map((i) => ticket(i, i)),
    );
    listing(at(100), 1).reply(429, {}, { 'Retry-After': '12' });
    listing(at(100), 1).reply(200, [ticket(101, 101)]);
    const { freshdesk, delays } = connector();
    const pages = await collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    expect(ids(pages)).toHaveLength(101);
    expect(delays).toEqual([12_000]);
    expect(nock.isDone()).toBe(true);
  });

  it('retries a 5xx on the listing, then succeeds', async () => {
    listing(at(0), 1).reply(503);
    listing(at(0), 1).reply(200, [ticket(1, 1)]);
    const { freshdesk, delays } = connector();
    const pages = await collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    expect(ids(pages)).toEqual(['1']);
    expect(delays).toEqual([750]);
    expect(nock.isDone()).toBe(true);
  });

  it('fails with AUTH_FAILED on 401 and does not retry', async () => {
    listing(at(0), 1).reply(401, { code: 'invalid_credentials' });
    const { freshdesk, delays } = connector();
    const run = collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    await expect(run).rejects.toBeInstanceOf(ConnectorError);
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(delays).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('rejects a listing that is not an array', async () => {
    listing(at(0), 1).reply(200, { tickets: [] });
    const { freshdesk } = connector();
    const run = collect(freshdesk.ticketPages({ checkpoint: null, startTime: START }));
    await expect(run).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(nock.isDone()).toBe(true);
  });
});

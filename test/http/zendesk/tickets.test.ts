import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import { HelpdeskTicketMetricsSchema, TicketSchema } from '../../../src/domain/index.js';
import { BASE, NOW, NOW_S, drain, fixture, testClient, useNock } from './support.js';

useNock();

const PATH = '/api/v2/incremental/tickets/cursor.json';
const START = Date.parse('2024-01-01T00:00:00Z');
const START_S = START / 1000;
const MAPPING = { timeFieldId: null, cesFieldId: null };

type Json = Record<string, unknown>;
const openapiPage = fixture(
  'zendesk-openapi/examples/CursorBasedExportIncrementalTicketsResponseExample.json',
);
const airbytePage = fixture('airbyte-source-zendesk-support/tickets.json');
const metrics = fixture<{ ticket_metrics: Json[] }>(
  'zendesk-openapi/examples/TicketMetricsResponseExample.json',
).ticket_metrics;
interface Observed429 {
  id: string;
  headers_as_quoted?: Record<string, string>;
  body?: Json;
  body_text_per_thread_title?: string;
}
const observed = fixture<{ responses: Observed429[] }>(
  'zendesk-observed-429/observed_429_responses.json',
).responses;

function ticketsOf(page: Json): Json[] {
  return page['tickets'] as Json[];
}

/** Page 1: the OpenAPI example, not yet at the end, with the OpenAPI metric sets. */
const page1 = {
  ...openapiPage,
  after_cursor: 'cursor-page-2',
  end_of_stream: false,
  metric_sets: [{ ...metrics[0], ticket_id: 35436 }, metrics[1]],
};
/** Page 2: Airbyte's recorded template, with another ticket id. */
const page2 = {
  ...airbytePage,
  tickets: ticketsOf(airbytePage).map((t) => ({ ...t, id: 35437 })),
};

function connector(client = testClient().client): HelpdeskConnector {
  return createZendeskConnector({ client, mapping: MAPPING, now: () => NOW });
}

describe('zendesk ticketPages', () => {
  it('pages by cursor until end_of_stream, mapping tickets and metric_sets', async () => {
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'metric_sets' })
      .reply(200, page1)
      .get(PATH)
      .query({ cursor: 'cursor-page-2', include: 'metric_sets' })
      .reply(200, page2);
    const pages = await drain(connector().ticketPages({ checkpoint: null, startTime: START }));
    expect(pages).toHaveLength(2);
    expect(pages.map((p) => p.endOfStream)).toEqual([false, true]);
    expect(pages.map((p) => JSON.parse(p.checkpoint) as unknown)).toEqual([
      { cursor: 'cursor-page-2' },
      { cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8' },
    ]);
    const [first, second] = pages.map((p) => p.items[0]);
    expect(first?.tickets.map((t) => t.id)).toEqual(['35436']);
    expect(second?.tickets.map((t) => t.id)).toEqual(['35437']);
    for (const t of [...(first?.tickets ?? []), ...(second?.tickets ?? [])]) TicketSchema.parse(t);
    expect(first?.tickets[0]).toMatchObject({
      status: 'open',
      channel: 'web',
      requesterId: '20978392',
      customFields: { '27642': '745', '27648': 'yes' },
      createdAt: Date.parse('2009-07-20T22:55:29Z'),
    });
    expect(first?.helpdeskMetrics).toHaveLength(2);
    for (const m of first?.helpdeskMetrics ?? []) HelpdeskTicketMetricsSchema.parse(m);
    expect(first?.helpdeskMetrics[0]).toEqual({
      ticketId: '35436',
      replyMinutes: { calendar: 16, business: 16 },
      firstResolutionMinutes: { calendar: 0, business: 0 },
      fullResolutionMinutes: { calendar: 0, business: 0 },
      requesterWaitMinutes: { calendar: 0, business: 0 },
      agentWaitMinutes: { calendar: 0, business: 0 },
      onHoldMinutes: { calendar: 0, business: 0 },
      reopens: 0,
      replies: 1,
      solvedAt: Date.parse('2020-07-20T06:21:26Z'),
      updatedAt: Date.parse('2020-07-21T01:17:16Z'),
    });
    expect(second?.helpdeskMetrics).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('resumes from the checkpoint cursor, without start_time', async () => {
    nock(BASE)
      .get(PATH)
      .query({ cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8', include: 'metric_sets' })
      .reply(200, { ...airbytePage, tickets: [], after_cursor: 'next-cursor' });
    const pages = await drain(
      connector().ticketPages({
        checkpoint: JSON.stringify({ cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8' }),
        startTime: START,
      }),
    );
    expect(pages.map((p) => p.checkpoint)).toEqual([JSON.stringify({ cursor: 'next-cursor' })]);
    expect(nock.isDone()).toBe(true);
  });

  it('never asks for a start_time inside the last minute', async () => {
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(NOW_S - 60), include: 'metric_sets' })
      .reply(200, { ...airbytePage, tickets: [], after_cursor: null });
    const pages = await drain(connector().ticketPages({ checkpoint: null, startTime: NOW }));
    expect(NOW_S - 60).toBeLessThan((NOW - 60_000) / 1000);
    // No cursor came back: the checkpoint keeps the start time instead.
    expect(pages.map((p) => p.checkpoint)).toEqual([JSON.stringify({ startTime: NOW_S - 60 })]);
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    ['JSON (incremental export limit)', 'incremental_export_json'],
    ['text/plain (account limit)', 'account_wide_text_plain'],
  ])('waits Retry-After on a 429 %s on a later page, then continues', async (_name, id) => {
    const entry = observed.find((r) => r.id === id);
    if (entry === undefined) throw new Error(`fixture lacks ${id}`);
    const headers = entry.headers_as_quoted ?? { 'retry-after': '3' };
    const body = entry.body ?? entry.body_text_per_thread_title ?? '';
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'metric_sets' })
      .reply(200, page1)
      .get(PATH)
      .query({ cursor: 'cursor-page-2', include: 'metric_sets' })
      .reply(429, body, headers)
      .get(PATH)
      .query({ cursor: 'cursor-page-2', include: 'metric_sets' })
      .reply(200, page2);
    const { client, sleeps } = testClient();
    const pages = await drain(
      connector(client).ticketPages({ checkpoint: null, startTime: START }),
    );
    expect(pages).toHaveLength(2);
    expect(sleeps).toEqual([Number(headers['retry-after']) * 1000]);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 1, rateLimited429: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('quarantines drifted tickets with reason and raw, and keeps the rest of the page', async () => {
    const good: Json = ticketsOf(openapiPage)[0] ?? {};
    const badStatus = { ...good, id: 2, status: 123 };
    const third: Json = { ...good, id: 3 };
    const { created_at: createdAt, ...renamed } = third;
    const drifted = { ...renamed, createdAt };
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'metric_sets' })
      .reply(200, { ...openapiPage, tickets: [badStatus, good, drifted] });
    const [page] = await drain(connector().ticketPages({ checkpoint: null, startTime: START }));
    expect(page?.items[0]?.tickets.map((t) => t.id)).toEqual(['35436']);
    expect(page?.quarantined).toEqual([
      {
        stream: 'tickets',
        sourceId: '2',
        reason: expect.stringContaining('status') as string,
        raw: badStatus,
      },
      {
        stream: 'tickets',
        sourceId: '3',
        reason: expect.stringContaining('created_at') as string,
        raw: drifted,
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('skips deleted tickets (and their metrics) unless includeDeleted', async () => {
    const [good] = ticketsOf(openapiPage);
    const body = {
      ...openapiPage,
      tickets: [good, { ...good, id: 9, status: 'deleted' }],
      metric_sets: [{ ...metrics[0], ticket_id: 9 }],
    };
    const query = { start_time: String(START_S), include: 'metric_sets' };
    nock(BASE).get(PATH).query(query).twice().reply(200, body);
    const skip = await drain(connector().ticketPages({ checkpoint: null, startTime: START }));
    expect(skip[0]?.items[0]?.tickets.map((t) => t.id)).toEqual(['35436']);
    expect(skip[0]?.items[0]?.helpdeskMetrics).toEqual([]);
    const keep = await drain(
      connector().ticketPages({ checkpoint: null, startTime: START, includeDeleted: true }),
    );
    expect(keep[0]?.items[0]?.tickets.map((t) => t.status)).toEqual(['open', 'deleted']);
    expect(keep[0]?.items[0]?.helpdeskMetrics.map((m) => m.ticketId)).toEqual(['9']);
    expect(nock.isDone()).toBe(true);
  });

  it('fails the call with SCHEMA_MISMATCH when the envelope itself changed', async () => {
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'metric_sets' })
      .reply(200, { results: [] });
    await expect(
      drain(connector().ticketPages({ checkpoint: null, startTime: START })),
    ).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(nock.isDone()).toBe(true);
  });
});

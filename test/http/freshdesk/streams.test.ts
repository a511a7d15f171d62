import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFreshdeskConnector } from '../../../src/connectors/freshdesk/connector.js';
import { BASE, collect, fixtureArray, testClient, useNock } from './support.js';

useNock();

const NOW = Date.parse('2024-03-01T00:00:00Z');

function connector() {
  const { client } = testClient();
  return createFreshdeskConnector({ client, customStatuses: {}, now: () => NOW });
}

describe('Freshdesk timeEntryPages', () => {
  it('converts hh:mm to seconds, leaves running timers out and holds the checkpoint for them', async () => {
    const entries = fixtureArray('python-freshdesk/time_entries.json');
    const [first = {}] = entries;
    const running = { ...first, id: 4, timer_running: true, executed_at: '2020-09-10T08:00:00Z' };
    const long = { ...first, id: 5, time_spent: '120:30' };
    const drifted = { ...first, id: 6, time_spent: '1.5' };
    nock(BASE)
      .get('/api/v2/time_entries')
      .query({ executed_after: '2020-09-01T00:00:00Z', per_page: '100', page: '1' })
      .reply(200, [...entries, running, long, drifted]);
    const start = Date.parse('2020-09-01T00:00:00Z');
    const [page] = await collect(
      connector().timeEntryPages({ checkpoint: null, startTime: start }),
    );
    expect(page?.items.map((e) => [e.id, e.ticketId, e.agentId, e.seconds, e.source])).toEqual([
      ['1', '1', '1', 900, 'freshdesk_time_entry'],
      ['2', '2', '1', 600, 'freshdesk_time_entry'],
      ['3', '3', '1', 900, 'freshdesk_time_entry'],
      ['5', '1', '1', 433_800, 'freshdesk_time_entry'],
    ]);
    expect(page?.items[0]?.loggedAt).toBe(Date.parse('2020-09-27T22:00:00Z'));
    expect(page?.quarantined.map((q) => [q.sourceId, q.reason])).toEqual([
      ['6', expect.stringContaining('time_spent: expected "hh:mm"')],
    ]);
    // The next window starts no later than the running timer, so it is read again once stopped.
    expect(JSON.parse(page?.checkpoint ?? '{}')).toMatchObject({
      since: Date.parse('2020-09-10T08:00:00Z'),
    });
    expect(nock.isDone()).toBe(true);
  });
});

describe('Freshdesk satisfactionPages', () => {
  const rating = (id: number, code: number | null) => ({
    id,
    survey_id: 7,
    user_id: 6012691534,
    agent_id: 6010396333,
    group_id: null,
    ticket_id: 1,
    feedback: 'thanks',
    ratings: code === null ? { question_9: 103 } : { default_question: code },
    created_at: '2024-02-01T10:00:00Z',
    updated_at: '2024-02-01T10:00:00Z',
  });

  it('maps happy codes to good, unhappy and neutral to bad, and quarantines the rest', async () => {
    nock(BASE)
      .get('/api/v2/surveys/satisfaction_ratings')
      .query({ created_since: '2024-01-01T00:00:00Z', per_page: '100', page: '1' })
      .reply(200, [
        rating(1, 103),
        rating(2, 101),
        rating(3, 100),
        rating(4, -103),
        rating(5, 0),
        rating(6, null),
      ]);
    const start = Date.parse('2024-01-01T00:00:00Z');
    const [page] = await collect(
      connector().satisfactionPages({ checkpoint: null, startTime: start }),
    );
    expect(page?.items.map((e) => (e.type === 'satisfaction' ? [e.id, e.score] : null))).toEqual([
      ['csat:1', 'good'],
      ['csat:2', 'good'],
      ['csat:3', 'bad'],
      ['csat:4', 'bad'],
    ]);
    expect(page?.items[0]).toMatchObject({
      ticketId: '1',
      actorId: '6012691534',
      assigneeId: '6010396333',
    });
    expect(page?.quarantined.map((q) => [q.sourceId, q.reason])).toEqual([
      ['5', 'unknown rating code 0'],
      ['6', 'rating has no default_question answer'],
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('Freshdesk users and organizations', () => {
  it('reads agents, then contacts, under one checkpoint', async () => {
    nock(BASE)
      .get('/api/v2/agents')
      .query({ per_page: '100', page: '1' })
      .reply(200, fixtureArray('python-freshdesk/agents.json'));
    nock(BASE)
      .get('/api/v2/contacts')
      .query({ updated_since: '2014-01-01T00:00:00Z', per_page: '100', page: '1' })
      .reply(200, fixtureArray('python-freshdesk/contacts.json').slice(0, 1));
    const start = Date.parse('2014-01-01T00:00:00Z');
    const pages = await collect(connector().userPages({ checkpoint: null, startTime: start }));
    expect(pages.map((p) => p.endOfStream)).toEqual([false, true]);
    expect(pages.flatMap((p) => p.items.map((u) => [u.id, u.name, u.kind]))).toEqual([
      ['1', 'Support', 'agent'],
      ['432', 'Clark Kent', 'agent'],
      ['1', 'Rachel', 'end_user'],
    ]);
    expect(JSON.parse(pages[1]?.checkpoint ?? '{}')).toMatchObject({ phase: 0 });
    expect(nock.isDone()).toBe(true);
  });

  it('maps companies to organizations', async () => {
    nock(BASE)
      .get('/api/v2/companies')
      .query({ per_page: '100', page: '1' })
      .reply(200, fixtureArray('python-freshdesk/companies.json'));
    const start = Date.parse('2014-01-01T00:00:00Z');
    const [page] = await collect(
      connector().organizationPages({ checkpoint: null, startTime: start }),
    );
    expect(page?.items).toEqual([
      { id: '1', name: 'Super Nova', updatedAt: Date.parse('2014-01-08T03:38:53Z') },
      { id: '2', name: 'Poseidon', updatedAt: Date.parse('2014-01-08T03:38:53Z') },
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('Freshdesk schedules', () => {
  const weekday = { start_time: '8:00 am', end_time: '5:00 pm' };
  const office = {
    id: 1,
    name: 'Office',
    is_default: true,
    time_zone: 'Eastern Time (US & Canada)',
    business_hours: {
      monday: weekday,
      tuesday: weekday,
      friday: { start_time: '9:30 am', end_time: '12:00 pm' },
    },
  };
  const allDay = {
    id: 2,
    name: 'Always on',
    time_zone: 'Chennai',
    business_hours: null,
    holiday_list: [{ name: 'New Year', date: 'Jan 01' }],
  };

  it('maps business hours to weekly intervals in the IANA zone, with holidays when listed', async () => {
    nock(BASE).get('/api/v2/business_hours').reply(200, [office, allDay]);
    const schedules = await connector().schedules();
    expect(schedules).toEqual([
      {
        id: '1',
        name: 'Office',
        timeZone: 'America/New_York',
        intervals: [
          { startMinute: 1440 + 480, endMinute: 1440 + 1020 },
          { startMinute: 2880 + 480, endMinute: 2880 + 1020 },
          { startMinute: 7200 + 570, endMinute: 7200 + 720 },
        ],
        holidays: [],
      },
      {
        id: '2',
        name: 'Always on',
        timeZone: 'Asia/Kolkata',
        intervals: [{ startMinute: 0, endMinute: 10080 }],
        holidays: ['2023', '2024', '2025'].map((y) => ({
          name: 'New Year',
          startDate: `${y}-01-01`,
          endDate: `${y}-01-01`,
        })),
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('fails loudly on a zone it cannot translate', async () => {
    nock(BASE)
      .get('/api/v2/business_hours')
      .reply(200, [{ ...office, time_zone: 'Atlantis' }]);
    const error: unknown = await connector()
      .schedules()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(error instanceof Error ? error.message : '').toContain('"Atlantis"');
    expect(nock.isDone()).toBe(true);
  });
});

describe('Freshdesk write-back', () => {
  const effort = {
    key: 'deskpulse_effort',
    title: 'Effort',
    type: 'integer',
    description: 'CES',
  } as const;
  const score = {
    key: 'deskpulse_score',
    title: 'Score',
    type: 'decimal',
    description: 'Score',
  } as const;

  it('creates only the contact fields that do not exist yet', async () => {
    nock(BASE)
      .get('/api/v2/contact_fields')
      .reply(200, [
        { id: 1, name: 'name', label: 'Full name' },
        { id: 2, name: 'cf_deskpulse_effort', label: 'Effort' },
      ]);
    nock(BASE)
      .post('/api/v2/contact_fields', {
        label: 'Score',
        name: 'deskpulse_score',
        type: 'custom_decimal',
        description: 'Score',
      })
      .reply(201, { id: 3 });
    await connector().ensureUserFields([effort, score]);
    expect(nock.isDone()).toBe(true);
  });

  it('writes values with PUT /api/v2/contacts/{id}', async () => {
    nock(BASE)
      .put('/api/v2/contacts/6012691534', {
        custom_fields: { deskpulse_effort: 4, deskpulse_note: null },
      })
      .reply(200, {});
    await connector().updateUserFields('6012691534', { deskpulse_effort: 4, deskpulse_note: null });
    expect(nock.isDone()).toBe(true);
  });

  it('resolves notifyApp without any request', async () => {
    await expect(
      connector().notifyApp({ appId: '1', event: 'refresh', body: {} }),
    ).resolves.toBeUndefined();
    expect(nock.isDone()).toBe(true);
  });
});

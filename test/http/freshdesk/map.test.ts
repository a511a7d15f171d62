import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../src/connectors/freshdesk/client.js';
import { mapChannel, mapStatus, timeSpentSeconds } from '../../../src/connectors/freshdesk/map.js';
import {
  mapBusinessHours,
  minuteOfDay,
  toIanaZone,
} from '../../../src/connectors/freshdesk/map-schedule.js';

// Pure helpers, table-driven; they live here because this folder owns the Freshdesk connector.

describe('Freshdesk mapping tables', () => {
  it.each([
    [2, 'open'],
    [3, 'pending'],
    [4, 'solved'],
    [5, 'closed'],
    [6, 'hold'],
    [7, null],
    [1, null],
  ] as const)('status %i → %s', (code, expected) => {
    expect(mapStatus(code, { 6: 'hold' })).toBe(expected);
  });

  it.each([
    [1, 'email'],
    [2, 'web'],
    [3, 'voice'],
    [7, 'chat'],
    [9, 'feedback_widget'],
    [10, 'outbound_email'],
    [42, 'source_42'],
  ])('source %i → %s', (source, channel) => {
    expect(mapChannel(source)).toBe(channel);
  });

  it.each([
    ['00:00', 0],
    ['00:15', 900],
    ['01:30', 5400],
    ['120:30', 433_800],
  ])('time_spent %s → %i s', (text, seconds) => {
    expect(timeSpentSeconds(text)).toBe(seconds);
  });

  it.each([
    ['8:00 am', 480],
    ['12:00 am', 0],
    ['12:30 pm', 750],
    ['5:00 PM', 1020],
    ['17:45', 1065],
    ['11:59 pm', 1440],
    ['noon', null],
  ])('clock %s → minute %s', (text, minute) => {
    expect(minuteOfDay(text)).toBe(minute);
  });

  it.each([
    ['Eastern Time (US & Canada)', 'America/New_York'],
    ['Chennai', 'Asia/Kolkata'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['Atlantis', null],
  ])('zone %s → %s', (name, iana) => {
    expect(toIanaZone(name)).toBe(iana);
  });

  it('wraps an overnight shift into the next day', () => {
    const result = mapBusinessHours(
      {
        id: '9',
        name: 'Night desk',
        time_zone: 'UTC',
        business_hours: { saturday: { start_time: '10:00 pm', end_time: '6:00 am' } },
        holiday_list: [{ name: 'Fixed', date: '2024-12-25' }],
      },
      [2024],
    );
    expect(result).toEqual({
      ok: true,
      value: {
        id: '9',
        name: 'Night desk',
        timeZone: 'Etc/UTC',
        intervals: [{ startMinute: 6 * 1440 + 1320, endMinute: 7 * 1440 + 360 }],
        holidays: [{ name: 'Fixed', startDate: '2024-12-25', endDate: '2024-12-25' }],
      },
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
    expect(retryAfterMs({})).toBeNull();
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs({ 'retry-after': inOneMinute })).toBeGreaterThan(50_000);
  });
});

import { describe, expect, it } from 'vitest';
import { TimeZoneSchema } from '../../../src/domain/index.js';
import {
  railsTimeZoneNames,
  toIanaTimeZone,
} from '../../../src/connectors/zendesk/rails-time-zones.js';

describe('rails time zones', () => {
  it('maps every known Rails name to an IANA zone this runtime knows', () => {
    const names = railsTimeZoneNames();
    expect(names.length).toBeGreaterThanOrEqual(30);
    for (const name of names) {
      expect(TimeZoneSchema.safeParse(toIanaTimeZone(name)).success, name).toBe(true);
    }
  });

  it.each([
    ['Eastern Time (US & Canada)', 'America/New_York'],
    ['Pacific Time (US & Canada)', 'America/Los_Angeles'],
    ['Atlantic Time (Canada)', 'America/Halifax'],
    ['London', 'Europe/London'],
    ['Berlin', 'Europe/Berlin'],
    ['Sydney', 'Australia/Sydney'],
    ['New Delhi', 'Asia/Kolkata'],
    ['Tokyo', 'Asia/Tokyo'],
    ['UTC', 'Etc/UTC'],
    ['Europe/Paris', 'Europe/Paris'],
  ])('%s → %s', (rails, iana) => {
    expect(toIanaTimeZone(rails)).toBe(iana);
  });

  it.each(['Copenhagen Standard', 'Mars/Olympus', '', 'london'])('rejects %j', (name) => {
    expect(toIanaTimeZone(name)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { matchTag, reasonOf } from '../../../src/services/reasons/classify.js';
import { ReasonSettingsSchema } from '../../../src/services/reasons/settings.js';
import { medianInterval } from '../../../src/metrics/median-interval.js';
import type { Ticket } from '../../../src/domain/index.js';

const ticket = (over: Partial<Ticket>): Ticket => ({
  id: '1',
  status: 'open',
  subject: null,
  channel: 'email',
  requesterId: '2',
  submitterId: null,
  organizationId: null,
  assigneeId: null,
  groupId: null,
  brandId: null,
  priority: null,
  tags: [],
  customFields: {},
  createdAt: 0,
  updatedAt: 0,
  scheduleId: null,
  ...over,
});

describe('contact reasons', () => {
  const settings = ReasonSettingsSchema.parse({
    fieldId: 360001,
    forms: [{ formId: 4401, reason: 'Returns' }],
    tagPatterns: [
      { pattern: 'about_*' },
      { pattern: '*_issue', reason: 'Issues' },
      { pattern: 'vip' },
    ],
  });

  it.each([
    [
      'the field when set',
      { customFields: { '360001': 'billing' }, tags: ['about_x'] },
      'billing',
      'field',
    ],
    [
      'a multi-select field by its first value',
      { customFields: { '360001': ['z', 'a'] } },
      'a',
      'field',
    ],
    [
      'an empty field falls through to the tags',
      { customFields: { '360001': ' ' }, tags: ['about_login'] },
      'login',
      'tag',
    ],
    [
      'the form after the field, before the tags',
      { formId: '4401', tags: ['about_login'] },
      'Returns',
      'form',
    ],
    [
      'the field before the form',
      { formId: '4401', customFields: { '360001': 'billing' } },
      'billing',
      'field',
    ],
    ['a form the settings do not name', { formId: '4402', tags: ['vip'] }, 'vip', 'tag'],
    ['patterns in settings order', { tags: ['vip', 'login_issue', 'about_sso'] }, 'sso', 'tag'],
    ['a named pattern', { tags: ['login_issue'] }, 'Issues', 'tag'],
    ['a plain tag', { tags: ['vip'] }, 'vip', 'tag'],
    ['nothing', { tags: ['other'] }, 'unspecified', 'none'],
  ])('%s', (_what, over, reason, source) => {
    expect(reasonOf(ticket(over), settings)).toEqual({ reason, source });
  });

  it('matches a star to at least one character', () => {
    expect(matchTag({ pattern: 'about_*' }, 'about_')).toBeNull();
    expect(matchTag({ pattern: 'a*z' }, 'abz')).toBe('b');
    expect(matchTag({ pattern: 'a*z' }, 'az')).toBeNull();
  });

  it('refuses settings that would make every tag a reason, or unknown keys', () => {
    expect(ReasonSettingsSchema.safeParse({ tagPatterns: [{ pattern: '*' }] }).success).toBe(false);
    expect(ReasonSettingsSchema.safeParse({ tagPatterns: [{ pattern: 'a**' }] }).success).toBe(
      false,
    );
    expect(ReasonSettingsSchema.safeParse({ fieldId: 'abc' }).success).toBe(false);
    expect(ReasonSettingsSchema.safeParse({ form: 1 }).success).toBe(false);
    // A form names one reason; ids are digits.
    const twice = [
      { formId: 1, reason: 'a' },
      { formId: '1', reason: 'b' },
    ];
    expect(ReasonSettingsSchema.safeParse({ forms: twice }).success).toBe(false);
    expect(ReasonSettingsSchema.safeParse({ forms: [{ formId: 'x', reason: 'a' }] }).success).toBe(
      false,
    );
  });
});

describe('medianInterval', () => {
  it('takes the order statistics n/2 ∓ 1.96·√n/2 (Conover §3.2)', () => {
    // n = 100: ranks floor(50 − 9.8) = 40 and ceil(51 + 9.8) = 61, 1-based.
    const sample = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(medianInterval(sample)).toEqual({ low: 40, high: 61 });
    expect(medianInterval([1, 2])).toBeNull();
  });
});

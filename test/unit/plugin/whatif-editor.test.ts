import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { whatIfEditor } from '../../../plugin/src/whatif/whatif-editor.js';
import { makeDocument } from './dom-fixture.js';

const NY = {
  id: 'ny',
  name: 'NY office',
  timeZone: 'America/New_York',
  intervals: [1, 2, 3, 4, 5].map((d) => ({
    startMinute: d * 1440 + 540,
    endMinute: d * 1440 + 1020,
  })),
  holidays: [{ name: 'Independence Day', startDate: '2024-07-04', endDate: '2024-07-04' }],
};
const POLICY = {
  id: 'p',
  name: 'Standard',
  targets: [
    {
      metric: 'first_reply_time' as const,
      priority: 'urgent' as const,
      targetSeconds: 3600,
      businessHours: true,
    },
  ],
};

describe('what-if editor', () => {
  it('reads the form into the proposal: targets as edited, the schedule only when ticked', () => {
    const doc = makeDocument();
    const editor = whatIfEditor(doc, createTranslator('en'), {
      slaPolicy: POLICY,
      schedules: [NY],
    });
    const el = editor.element;
    // Untouched: the policy in force, no schedule.
    expect(editor.proposal()).toEqual({ slaPolicy: POLICY });

    const hours = el.querySelector<HTMLInputElement>('input[name="hours"]');
    if (hours === null) throw new Error('no hours field');
    hours.value = '0.5';
    const field = (selector: string) => {
      const found = el.querySelector<HTMLInputElement>(selector);
      if (found === null) throw new Error(`no ${selector}`);
      return found;
    };
    field('input[name="change-schedule"]').checked = true;
    field('input[name="from"]').value = '08:00';
    field('input[name="to"]').value = '18:30';
    field('input[name="day-5"]').checked = false;
    field('input[name="day-6"]').checked = true;
    field('input[name="timeZone"]').value = 'Europe/Rome';
    field('textarea[name="holidays"]').value = '2025-08-15 Ferragosto\n\n2025-12-25';

    const proposal = editor.proposal();
    expect(proposal.slaPolicy?.targets).toEqual([{ ...POLICY.targets[0], targetSeconds: 1800 }]);
    // Mon–Thu and Sat, 08:00–18:30 local; weekly minutes count from Sunday 00:00.
    expect(proposal.schedules).toEqual([
      {
        id: 'ny',
        name: 'NY office',
        timeZone: 'Europe/Rome',
        intervals: [1, 2, 3, 4, 6].map((d) => ({
          startMinute: d * 1440 + 480,
          endMinute: d * 1440 + 1110,
        })),
        holidays: [
          { name: 'Ferragosto', startDate: '2025-08-15', endDate: '2025-08-15' },
          { name: '2025-12-25', startDate: '2025-12-25', endDate: '2025-12-25' },
        ],
      },
    ]);
  });
});

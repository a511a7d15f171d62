import { describe, expect, it } from 'vitest';
import {
  BackendError,
  createBackend,
  describeError,
  toBackendError,
} from '../../../plugin/src/backend.js';
import { formatClock, formatDuration } from '../../../plugin/src/format.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { parseSettings } from '../../../plugin/src/settings.js';
import { connectZaf } from '../../../plugin/src/zaf.js';
import { ZafStandIn } from './zaf-stand-in.js';

const en = createTranslator('en-US');

describe('translations and formats', () => {
  it('picks the agent language, falls back to English, fills placeholders', () => {
    expect(createTranslator('it').locale).toBe('it');
    expect(createTranslator('it-CH')('ui.timer.title')).toBe('Il tuo tempo di gestione');
    expect(createTranslator('ja')('ui.timer.title')).toBe('Your handle time');
    expect(createTranslator('ja').locale).toBe('en');
    expect(en('ui.sla.remaining', { value: '5 min' })).toBe('5 min left');
  });

  it('durations use the two largest units, keep the sign, and a dash when unknown', () => {
    expect(formatDuration(en, 45)).toBe('45 s');
    expect(formatDuration(en, 12_000)).toBe('3 h 20 min');
    expect(formatDuration(en, 187_200)).toBe('2 d 4 h');
    expect(formatDuration(en, -600)).toBe('−10 min');
    expect(formatDuration(en, null)).toBe('—');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(83)).toBe('01:23');
  });
});

describe('settings and the ZAF wrapper', () => {
  it('parses settings as Zendesk returns them', () => {
    expect(
      parseSettings({
        backend_url: ' https://dp.example.com ',
        handle_timer: 'false',
        idle_minutes: '5',
      }),
    ).toEqual({
      backendUrl: 'https://dp.example.com',
      handleTimer: false,
      idleMinutes: 5,
      businessHoursDefault: false,
    });
    expect(parseSettings({ backend_url: 'dp.example.com' }).backendUrl).toBeNull();
  });

  it('connects only inside Zendesk', () => {
    expect(connectZaf({})).toBeNull();
    expect(connectZaf({ ZAFClient: { init: () => false } })).toBeNull();
    const stand = new ZafStandIn();
    expect(connectZaf({ ZAFClient: { init: () => stand } })).toBe(stand);
  });
});

describe('backend calls', () => {
  it('builds URLs with query strings and the secret placeholder', async () => {
    const client = new ZafStandIn({}, async () => 'a,b\n');
    const backend = createBackend(client, 'https://dp.example.com/base/');
    await backend.getText('/kpis/export.csv', {
      from: '2024-03-01',
      businessHours: true,
      cursor: undefined,
    });
    expect(client.requests[0]).toEqual({
      url: 'https://dp.example.com/base/api/v1/kpis/export.csv?from=2024-03-01&businessHours=true',
      type: 'GET',
      headers: { Authorization: 'Bearer {{setting.app_secret}}' },
      secure: true,
      cors: false,
      dataType: 'text',
    });
  });

  it('turns proxy failures into errors that say what to do', () => {
    const e = toBackendError({
      status: 404,
      responseText: '{"error":{"code":"NOT_FOUND","message":"no"}}',
    });
    expect(e).toBeInstanceOf(BackendError);
    expect([e.status, e.code]).toEqual([404, 'NOT_FOUND']);
    expect(toBackendError({ status: 502, responseText: '<html>' }).code).toBe('HTTP_502');
    expect(describeError(en, { status: 0 })).toMatch(/cannot be reached/);
    expect(describeError(en, { status: 429 })).toMatch(/Wait a minute/);
    expect(
      describeError(en, { status: 400, responseText: '{"error":{"code":"BAD_INPUT"}}' }),
    ).toContain('BAD_INPUT');
    // A refusal that says why is shown as the API wrote it, not as "Something went wrong".
    const refused =
      '{"error":{"code":"VALIDATION_FAILED","message":"attribution=solver is not supported"}}';
    expect(describeError(en, { status: 400, responseText: refused })).toBe(
      'attribution=solver is not supported',
    );
  });
});

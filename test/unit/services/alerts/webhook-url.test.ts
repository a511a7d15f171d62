import { describe, expect, it } from 'vitest';
import { isPublicHttpsUrl } from '../../../../src/services/alerts/webhook-url.js';

describe('isPublicHttpsUrl', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/X', true],
    ['https://93.184.216.34/hook', true],
    ['http://hooks.example.com/a', false],
    ['https://localhost/a', false],
    ['https://api.localhost/a', false],
    ['https://127.0.0.1/a', false],
    ['https://10.1.2.3/a', false],
    ['https://172.20.0.1/a', false],
    ['https://192.168.1.1/a', false],
    ['https://169.254.169.254/latest', false],
    ['https://[::1]/a', false],
    ['https://[fd00::1]/a', false],
    ['https://[::ffff:10.0.0.1]/a', false],
    ['https://[::ffff:93.184.216.34]/a', true],
    ['https://user:pw@hooks.example.com/a', false],
    ['https://intranet/a', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isPublicHttpsUrl(url)).toBe(ok);
  });
});

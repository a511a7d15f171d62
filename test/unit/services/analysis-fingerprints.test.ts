import { describe, expect, it } from 'vitest';
import { analysisFingerprints } from '../../../src/services/pipeline/reanalysis.js';

/** A store holding one installation's settings and no schedules. */
function storeWith(settings: Record<string, unknown>) {
  return {
    getInstallation: () => Promise.resolve({ settings }),
    listSchedules: () => Promise.resolve([]),
  } as unknown as Parameters<typeof analysisFingerprints>[0]['store'];
}

const fingerprint = async (settings: Record<string, unknown>) =>
  (await analysisFingerprints({ store: storeWith(settings), reportingTimeZone: 'UTC' }, 'i1'))
    .analysis;

describe('analysis fingerprints', () => {
  it('change with the NPS field mapping, so mapping one re-analyses the history', async () => {
    const before = await fingerprint({ timeFieldId: '1', cesFieldId: '2' });
    const withNps = await fingerprint({ timeFieldId: '1', cesFieldId: '2', npsFieldId: '4' });
    expect(withNps).not.toBe(before);
    expect(await fingerprint({ timeFieldId: '1', cesFieldId: '2', npsFieldId: '5' })).not.toBe(
      withNps,
    );
  });
});

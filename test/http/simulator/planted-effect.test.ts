import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { get, start } from './helpers.js';

const EFFECT = { tag: 'fastlane', share: 0.3, lifetimeFactor: 0.8 };

describe('planted effect', () => {
  let plain: RunningSimulator;
  let planted: RunningSimulator;
  beforeAll(async () => {
    plain = await start({ tickets: 300 });
    planted = await start({ tickets: 300, plantedEffect: EFFECT });
  });
  afterAll(async () => {
    await Promise.all([plain.close(), planted.close()]);
  });

  it('lists the effect and how many tickets carry it in the truth summary', async () => {
    const tagged = Array.from({ length: 300 }, (_, i) => planted.dataset.truth(i)).filter((t) =>
      t.ticket.tags.includes('fastlane'),
    ).length;
    expect(tagged).toBeGreaterThan(60);
    expect(tagged).toBeLessThan(120);
    const summary = (await get(planted, '/__truth/summary')).body;
    expect(summary['plantedEffect']).toEqual({ ...EFFECT, tickets: tagged });
    expect((await get(plain, '/__truth/summary')).body).not.toHaveProperty('plantedEffect');
  });

  it('shortens only the tagged tickets, by the factor, and leaves the others as they were', () => {
    let compared = 0;
    for (let i = 0; i < 300; i += 1) {
      const a = plain.dataset.truth(i);
      const b = planted.dataset.truth(i);
      if (!b.ticket.tags.includes('fastlane')) {
        expect(b).toEqual(a);
        continue;
      }
      // Same last update, a lifetime cut to 0.8 (whole seconds), the same events in the same order.
      expect(b.ticket.updatedAt).toBe(a.ticket.updatedAt);
      const life = (t: typeof a) => t.ticket.updatedAt - t.ticket.createdAt;
      if (life(a) < 10_000) continue;
      expect(life(b) / life(a)).toBeCloseTo(0.8, 2);
      expect(b.events.map((e) => e.type)).toEqual(a.events.map((e) => e.type));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(50);
  });
});

import { describe, expect, it } from 'vitest';
import { createInstallationCache } from '../../../src/http/api/auth.js';
import type { Installation } from '../../../src/store/store.js';

const installation = (id: string) => ({ id }) as Installation;

describe('installation cache of the sidebar auth', () => {
  it('answers within its time to live, and not after', () => {
    const cache = createInstallationCache(5_000);
    cache.set('h1', installation('a'), 1_000);
    expect(cache.get('h1', 5_999)?.id).toBe('a');
    expect(cache.get('h1', 6_000)).toBeUndefined();
    expect(cache.get('h1', 1_000)).toBeUndefined();
  });

  it('knows nothing it was not told', () => {
    expect(createInstallationCache().get('unknown', 0)).toBeUndefined();
  });

  it('drops the oldest entry when full, and a re-set entry counts as new', () => {
    const cache = createInstallationCache(60_000, 2);
    cache.set('h1', installation('a'), 0);
    cache.set('h2', installation('b'), 0);
    cache.set('h1', installation('a'), 1);
    cache.set('h3', installation('c'), 2);
    expect(cache.get('h2', 3)).toBeUndefined();
    expect(cache.get('h1', 3)?.id).toBe('a');
    expect(cache.get('h3', 3)?.id).toBe('c');
  });
});

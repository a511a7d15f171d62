/**
 * A fixed-window counter per key (client address, token) kept in memory. The survey endpoints
 * are public, so this caps how fast one client can probe tokens or hammer the store; several API
 * processes each keep their own windows, which multiplies the cap by the process count — fine
 * for abuse control, not meant as a quota.
 */
export interface RateLimiter {
  /** Counts one hit; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string): number;
}

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now: () => number;
  /** Keys tracked at most; the oldest windows are dropped first (bounded memory under attack). */
  maxKeys?: number;
}): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    hit(key) {
      const now = options.now();
      let window = windows.get(key);
      if (window === undefined || now - window.start >= options.windowMs) {
        windows.delete(key);
        window = { start: now, count: 0 };
        windows.set(key, window);
        if (windows.size > maxKeys) {
          const oldest = windows.keys().next();
          if (oldest.done !== true) windows.delete(oldest.value);
        }
      }
      window.count += 1;
      if (window.count <= options.limit) return 0;
      return Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000));
    },
  };
}

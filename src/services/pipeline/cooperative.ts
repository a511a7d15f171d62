/** How long a batch computes before it lets the event loop turn (see {@link mapCooperatively}). */
export const COMPUTE_SLICE_MS = 10;

/**
 * `items.map(fn)` that lets the event loop turn whenever a slice of work has run for `sliceMs`.
 * Jobs share one event loop: an analysis batch of a thousand tickets computed in one go held
 * webhook jobs (and the webhook route itself) for hundreds of milliseconds while a backfill ran
 * (issue 16). Results are those of `items.map(fn)`, in order; only the scheduling changes.
 */
export async function mapCooperatively<T, R>(
  items: readonly T[],
  fn: (item: T) => R,
  options: { sliceMs?: number; clock?: () => number } = {},
): Promise<R[]> {
  const sliceMs = options.sliceMs ?? COMPUTE_SLICE_MS;
  const clock = options.clock ?? (() => performance.now());
  const results: R[] = [];
  let sliceStart = clock();
  for (const item of items) {
    results.push(fn(item));
    if (clock() - sliceStart >= sliceMs) {
      // setImmediate, not a resolved promise: microtasks run before I/O, so only a macrotask
      // lets the other jobs' database answers and HTTP requests in.
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = clock();
    }
  }
  return results;
}

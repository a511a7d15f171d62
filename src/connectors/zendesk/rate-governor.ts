/** Response headers as axios exposes them (lower-cased names). */
export type HeaderBag = Readonly<Record<string, unknown>>;

/** What the governor last learned from Zendesk's rate-limit headers. */
export interface RateSnapshot {
  lastRemaining: number | null;
  lastLimit: number | null;
}

/**
 * Paces requests so that this app uses at most `budgetShare` of the account's per-minute budget.
 * Zendesk's limit is account-wide: the customer's other integrations draw on the same budget, and
 * a 429 there is our fault if we drained it. So once `remaining` falls below the share we leave
 * to others, we wait for the window to reset instead of spending it.
 */
export class RateGovernor {
  private remaining: number | null = null;
  private limit: number | null = null;
  /** Epoch ms when the current window resets, when the response said so. */
  private resetAt: number | null = null;
  /** Epoch ms of the response the numbers come from. */
  private seenAt = 0;

  constructor(
    private readonly budgetShare: number,
    private readonly now: () => number,
  ) {}

  /** Records the rate-limit headers of any response, 429s included. */
  observe(headers: HeaderBag): void {
    // Zendesk sends `x-rate-limit*` everywhere, `ratelimit-*` on ticketing list endpoints, and
    // the recorded node-zendesk traffic shows a third spelling, `rate-limit-*`.
    const limit = firstNumber(headers, ['x-rate-limit', 'ratelimit-limit', 'rate-limit']);
    const remaining = firstNumber(headers, [
      'x-rate-limit-remaining',
      'ratelimit-remaining',
      'rate-limit-remaining',
    ]);
    const reset = firstNumber(headers, ['ratelimit-reset', 'rate-limit-reset']);
    if (limit === null && remaining === null) return;
    this.seenAt = this.now();
    if (limit !== null) this.limit = limit;
    if (remaining !== null) this.remaining = remaining;
    this.resetAt = reset === null ? null : this.seenAt + reset * 1000;
  }

  /** Milliseconds to wait before the next request; 0 when within our share of the budget. */
  delayBeforeNextMs(): number {
    const { remaining, limit } = this;
    if (remaining === null || limit === null || limit <= 0) return 0;
    if (remaining >= (1 - this.budgetShare) * limit) return 0;
    const now = this.now();
    // Without `ratelimit-reset` the window's phase is unknown; a full minute is always enough.
    const until = this.resetAt ?? this.seenAt + 60_000;
    return Math.max(0, until - now);
  }

  /** Called after waiting out the window: the old numbers no longer describe it. */
  windowReset(): void {
    this.remaining = null;
    this.resetAt = null;
  }

  /** The last numbers seen, for observability. */
  snapshot(): RateSnapshot {
    return { lastRemaining: this.remaining, lastLimit: this.limit };
  }
}

function firstNumber(headers: HeaderBag, names: readonly string[]): number | null {
  for (const name of names) {
    const raw = headers[name];
    const text = Array.isArray(raw) ? (raw[0] as unknown) : raw;
    if (typeof text !== 'string' && typeof text !== 'number') continue;
    const n = Number(text);
    if (String(text).trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  }
  return null;
}

/** One ticket of a customer as their activity counts it. */
export interface ActivityTicket {
  /** Channel the ticket was created through (lower-case, as normalised). */
  channel: string;
  solved: boolean;
  /** Public messages from both sides; null until the ticket is analysed. */
  interactions: number | null;
}

/** How a customer gets in touch, over their newest tickets (docs/metrics.md). */
export interface CustomerActivity {
  /** The channel most of their tickets came through; ties go to the one used most recently. */
  preferredChannel: string | null;
  /** Tickets per channel, most used first (ties: most recently used first). */
  channels: { channel: string; tickets: number }[];
  /** Mean public messages (customer's and agents') per analysed ticket; null without one. */
  interactionsPerTicket: number | null;
  /** Solved or closed ÷ all of these tickets; null without tickets. */
  resolutionRate: number | null;
}

/** The activity of a customer from their tickets, newest first. */
export function customerActivity(tickets: readonly ActivityTicket[]): CustomerActivity {
  // Map insertion order is first use in newest-first order, which the stable sort keeps for ties.
  const counts = new Map<string, number>();
  for (const t of tickets) counts.set(t.channel, (counts.get(t.channel) ?? 0) + 1);
  const channels = [...counts]
    .map(([channel, n]) => ({ channel, tickets: n }))
    .sort((a, b) => b.tickets - a.tickets);
  const interactions = tickets.flatMap((t) => (t.interactions === null ? [] : [t.interactions]));
  return {
    preferredChannel: channels[0]?.channel ?? null,
    channels,
    interactionsPerTicket:
      interactions.length === 0
        ? null
        : interactions.reduce((s, v) => s + v, 0) / interactions.length,
    resolutionRate:
      tickets.length === 0 ? null : tickets.filter((t) => t.solved).length / tickets.length,
  };
}

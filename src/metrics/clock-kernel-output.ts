import type { BusinessCalendar } from './business-calendar.js';

/** The durations the kernel computes, in this order in {@link ClockKernelOutput}'s value arrays. */
export const KERNEL_DURATIONS = [
  'firstReply',
  'firstResolution',
  'fullResolution',
  'requesterWait',
  'agentWait',
] as const;
export const KERNEL_STRIDE = KERNEL_DURATIONS.length;

/**
 * The clock kernel's results for one batch, column by column, in buffers reused from batch to
 * batch (they only grow). Instants and durations are NaN where the engine's are null. Ticket i's
 * status segments are `segmentStart[i]` to `segmentStart[i + 1]`, its answered customer turns
 * `intervalStart[i]` to `intervalStart[i + 1]`: what an SLA evaluation reads besides the instants.
 */
export class ClockKernelOutput {
  tickets = 0;
  /** Calendar seconds, ticket i's at `i * KERNEL_STRIDE + k` for KERNEL_DURATIONS[k]. */
  calendar = new Float64Array(0);
  /** Business seconds, laid out as `calendar`. */
  business = new Float64Array(0);
  reopens = new Int32Array(0);
  /** The status as of `now`, as its index in TICKET_STATUSES. */
  status = new Uint8Array(0);
  /** The calendar of the ticket's assigned schedule (else the default): its SLA clock. */
  ticketCalendars: (BusinessCalendar | null)[] = [];
  firstReplyAt = new Float64Array(0);
  firstSolvedAt = new Float64Array(0);
  lastSolvedAt = new Float64Array(0);
  awaitingReplySince = new Float64Array(0);
  segmentStart = new Int32Array(1);
  segmentStatus = new Uint8Array(0);
  segmentFrom = new Float64Array(0);
  segmentTo = new Float64Array(0);
  intervalStart = new Int32Array(1);
  intervalFrom = new Float64Array(0);
  intervalTo = new Float64Array(0);

  /**
   * Makes room for `tickets` tickets of `events` events in all. A ticket has at most one segment
   * per status change plus the last one, and at most one answered turn per comment, so these
   * bounds hold whatever the history: the kernel never checks or grows inside its loop.
   */
  reserve(tickets: number, events: number): void {
    this.tickets = tickets;
    if (this.reopens.length < tickets) {
      const size = grown(this.reopens.length, tickets);
      this.calendar = new Float64Array(size * KERNEL_STRIDE);
      this.business = new Float64Array(size * KERNEL_STRIDE);
      this.reopens = new Int32Array(size);
      // Filled, not sized by `length`: a long sparse array would fall back to slow dictionary elements.
      this.ticketCalendars = new Array<BusinessCalendar | null>(size).fill(null);
      this.status = new Uint8Array(size);
      this.firstReplyAt = new Float64Array(size);
      this.firstSolvedAt = new Float64Array(size);
      this.lastSolvedAt = new Float64Array(size);
      this.awaitingReplySince = new Float64Array(size);
      this.segmentStart = new Int32Array(size + 1);
      this.intervalStart = new Int32Array(size + 1);
    }
    const segments = events + tickets;
    if (this.segmentFrom.length < segments) {
      const size = grown(this.segmentFrom.length, segments);
      this.segmentStatus = new Uint8Array(size);
      this.segmentFrom = new Float64Array(size);
      this.segmentTo = new Float64Array(size);
      this.intervalFrom = new Float64Array(size);
      this.intervalTo = new Float64Array(size);
    }
  }
}

/** Grows by at least half again, so batches of slowly rising size do not reallocate each time. */
function grown(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5));
}

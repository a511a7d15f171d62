import type { Id, Instant } from '../domain/index.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { ClockPoint, Duration } from './types.js';

/** Calendars a ticket may use: the account default and every schedule by id. */
export interface CalendarSet {
  defaultCalendar: BusinessCalendar | null;
  byId: ReadonlyMap<Id, BusinessCalendar>;
}

/**
 * A ticket's two clocks, advanced monotonically through its history. Business time is piecewise:
 * each stretch uses the schedule in force during it (metrics.md §14.2, dbt's "all schedules" rule),
 * so one cumulative business value per instant lets every duration be a subtraction.
 */
export class TicketClock {
  private calendar: BusinessCalendar | null;
  private lastAt: Instant;
  private lastCalendarMs = 0;
  private businessMs = 0;
  private readonly hasBusiness: boolean;
  readonly scheduleIds: Id[] = [];

  constructor(
    private readonly calendars: CalendarSet,
    start: Instant,
    scheduleId: Id | null,
  ) {
    this.calendar = this.resolve(scheduleId);
    this.hasBusiness = this.calendar !== null;
    this.lastAt = start;
    this.enter(start);
  }

  /** Moves the clock to `at` (never backwards) and returns the business ms elapsed since the last point. */
  advance(at: Instant): number {
    if (at <= this.lastAt) return 0;
    let delta = 0;
    if (this.calendar !== null) {
      const cumulative = this.calendar.cumulativeMs(at);
      delta = cumulative - this.lastCalendarMs;
      this.lastCalendarMs = cumulative;
      this.businessMs += delta;
    }
    this.lastAt = at;
    return delta;
  }

  /** Switches schedule at the current instant; an unknown id keeps the current one. */
  switchSchedule(scheduleId: Id | null): void {
    const next = this.resolve(scheduleId);
    if (next === null || next === this.calendar) return;
    this.calendar = next;
    this.enter(this.lastAt);
  }

  /** The instant the clock is at. */
  get at(): Instant {
    return this.lastAt;
  }

  /** The current point; business is null when no schedule ever applied to this ticket. */
  point(): ClockPoint {
    return { at: this.lastAt, businessMs: this.hasBusiness ? this.businessMs : null };
  }

  private enter(at: Instant): void {
    if (this.calendar === null) return;
    this.lastCalendarMs = this.calendar.cumulativeMs(at);
    if (this.scheduleIds.at(-1) !== this.calendar.scheduleId) {
      this.scheduleIds.push(this.calendar.scheduleId);
    }
  }

  private resolve(scheduleId: Id | null): BusinessCalendar | null {
    if (scheduleId !== null)
      return this.calendars.byId.get(scheduleId) ?? this.calendars.defaultCalendar;
    return this.calendars.defaultCalendar;
  }
}

/** Duration between two clock points, in seconds. */
export function durationBetween(from: ClockPoint, to: ClockPoint): Duration {
  return {
    calendar: (to.at - from.at) / 1000,
    business:
      from.businessMs === null || to.businessMs === null
        ? null
        : (to.businessMs - from.businessMs) / 1000,
  };
}

/** A duration whose end event has not happened (metrics.md §0.6: null, never 0). */
export function nullDuration(): Duration {
  return { calendar: null, business: null };
}

/** Seconds from accumulated ms, keeping "no schedule" as null. */
export function durationFromMs(calendarMs: number, businessMs: number | null): Duration {
  return { calendar: calendarMs / 1000, business: businessMs === null ? null : businessMs / 1000 };
}

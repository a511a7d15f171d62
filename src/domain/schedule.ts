import { z } from 'zod';
import { IdSchema, LocalDateSchema, TimeZoneSchema } from './primitives.js';

/** Minutes in a week; weekly intervals are minutes from Sunday 00:00 local time (Zendesk's shape). */
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * One weekly business interval in local time. An overnight shift may run past Saturday midnight
 * (end up to one week past the start), which wraps into the next week.
 */
export const WeeklyIntervalSchema = z
  .object({
    startMinute: z.number().int().min(0).max(MINUTES_PER_WEEK),
    endMinute: z.number().int().min(0),
  })
  .refine((i) => i.endMinute > i.startMinute, { message: 'endMinute must be after startMinute' })
  .refine((i) => i.endMinute - i.startMinute <= MINUTES_PER_WEEK, {
    message: 'an interval cannot be longer than a week',
  });
export type WeeklyInterval = z.infer<typeof WeeklyIntervalSchema>;

/** Whole local days without business hours, inclusive of both ends. */
export const HolidaySchema = z
  .object({ name: z.string(), startDate: LocalDateSchema, endDate: LocalDateSchema })
  .refine((h) => h.startDate <= h.endDate, { message: 'holiday ends before it starts' });
export type Holiday = z.infer<typeof HolidaySchema>;

export const ScheduleSchema = z.object({
  id: IdSchema,
  name: z.string(),
  timeZone: TimeZoneSchema,
  intervals: z.array(WeeklyIntervalSchema),
  holidays: z.array(HolidaySchema),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

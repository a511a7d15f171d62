import { ScheduleSchema, TimeZoneSchema, type Schedule } from '../../domain/index.js';
import { parseRecord, type FreshdeskBusinessHours, type ParseOutcome } from './schemas.js';

/**
 * Freshdesk names zones the Rails way ("Eastern Time (US & Canada)", "Chennai"). The common ones
 * are translated here; names that already are IANA pass through; anything else fails loudly,
 * because a wrong zone silently shifts every business-hours metric.
 */
const RAILS_ZONES: Readonly<Record<string, string>> = {
  'International Date Line West': 'Etc/GMT+12',
  Hawaii: 'Pacific/Honolulu',
  Alaska: 'America/Juneau',
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
  Arizona: 'America/Phoenix',
  'Mountain Time (US & Canada)': 'America/Denver',
  'Central Time (US & Canada)': 'America/Chicago',
  'Eastern Time (US & Canada)': 'America/New_York',
  'Mexico City': 'America/Mexico_City',
  Bogota: 'America/Bogota',
  Lima: 'America/Lima',
  'Atlantic Time (Canada)': 'America/Halifax',
  Brasilia: 'America/Sao_Paulo',
  'Buenos Aires': 'America/Argentina/Buenos_Aires',
  UTC: 'Etc/UTC',
  London: 'Europe/London',
  Edinburgh: 'Europe/London',
  Dublin: 'Europe/Dublin',
  Lisbon: 'Europe/Lisbon',
  Amsterdam: 'Europe/Amsterdam',
  Berlin: 'Europe/Berlin',
  Brussels: 'Europe/Brussels',
  Madrid: 'Europe/Madrid',
  Paris: 'Europe/Paris',
  Rome: 'Europe/Rome',
  Stockholm: 'Europe/Stockholm',
  Vienna: 'Europe/Vienna',
  Warsaw: 'Europe/Warsaw',
  Athens: 'Europe/Athens',
  Helsinki: 'Europe/Helsinki',
  Istanbul: 'Europe/Istanbul',
  Jerusalem: 'Asia/Jerusalem',
  Pretoria: 'Africa/Johannesburg',
  Cairo: 'Africa/Cairo',
  Moscow: 'Europe/Moscow',
  'Abu Dhabi': 'Asia/Dubai',
  Karachi: 'Asia/Karachi',
  Chennai: 'Asia/Kolkata',
  Kolkata: 'Asia/Kolkata',
  Mumbai: 'Asia/Kolkata',
  'New Delhi': 'Asia/Kolkata',
  Dhaka: 'Asia/Dhaka',
  Bangkok: 'Asia/Bangkok',
  Jakarta: 'Asia/Jakarta',
  Beijing: 'Asia/Shanghai',
  'Hong Kong': 'Asia/Hong_Kong',
  Singapore: 'Asia/Singapore',
  'Kuala Lumpur': 'Asia/Kuala_Lumpur',
  Tokyo: 'Asia/Tokyo',
  Seoul: 'Asia/Seoul',
  Perth: 'Australia/Perth',
  Brisbane: 'Australia/Brisbane',
  Sydney: 'Australia/Sydney',
  Melbourne: 'Australia/Melbourne',
  Auckland: 'Pacific/Auckland',
};

/** The IANA zone for a Freshdesk (Rails) zone name, or null when it is not known. */
export function toIanaZone(name: string): string | null {
  const mapped = RAILS_ZONES[name] ?? name;
  return TimeZoneSchema.safeParse(mapped).success ? mapped : null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Minutes after local midnight for "8:00 am", "5:30 pm" or "17:30"; null when unreadable. */
export function minuteOfDay(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})\s*(am|pm)?$/i.exec(text.trim());
  if (match === null) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem !== undefined) hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  // Freshdesk writes a day that runs to midnight as ending at "11:59 pm".
  if (hours === 23 && minutes === 59) return 24 * 60;
  return hours * 60 + minutes;
}

/**
 * Maps a business-hours calendar to a Schedule with weekly intervals from Sunday 00:00. A null
 * `business_hours` is a 24×7 calendar. Holidays are taken when the payload carries them; annual
 * "Mon DD" dates are expanded for `years` (the caller passes the years it needs).
 */
export function mapBusinessHours(
  raw: FreshdeskBusinessHours,
  years: readonly number[],
): ParseOutcome<Schedule> {
  const timeZone = toIanaZone(raw.time_zone);
  if (timeZone === null) {
    return { ok: false, reason: `time zone ${JSON.stringify(raw.time_zone)} is not known` };
  }
  const intervals: { startMinute: number; endMinute: number }[] = [];
  if (raw.business_hours == null) {
    intervals.push({ startMinute: 0, endMinute: 7 * 24 * 60 });
  } else {
    for (const [day, hours] of Object.entries(raw.business_hours)) {
      const index = WEEKDAYS.indexOf(day.toLowerCase());
      const start = minuteOfDay(hours.start_time);
      const end = minuteOfDay(hours.end_time);
      if (index < 0 || start === null || end === null) {
        return { ok: false, reason: `unreadable business hours for ${JSON.stringify(day)}` };
      }
      // An end at or before the start is an overnight shift into the next day.
      const endMinute = end > start ? end : end + 1440;
      intervals.push({ startMinute: index * 1440 + start, endMinute: index * 1440 + endMinute });
    }
  }
  intervals.sort((a, b) => a.startMinute - b.startMinute);
  const holidays: { name: string; startDate: string; endDate: string }[] = [];
  for (const holiday of raw.holiday_list) {
    const dates = holidayDates(holiday.date, years);
    if (dates === null) return { ok: false, reason: `unreadable holiday date ${holiday.date}` };
    for (const date of dates) holidays.push({ name: holiday.name, startDate: date, endDate: date });
  }
  return parseRecord(ScheduleSchema, { id: raw.id, name: raw.name, timeZone, intervals, holidays });
}

function holidayDates(text: string, years: readonly number[]): string[] | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return [text];
  const match = /^([A-Za-z]{3})\w*\s+(\d{1,2})$/.exec(text.trim());
  if (match === null) return null;
  const month = MONTHS.indexOf((match[1] ?? '').toLowerCase()) + 1;
  if (month === 0) return null;
  const mm = String(month).padStart(2, '0');
  const dd = (match[2] ?? '').padStart(2, '0');
  return years.map((year) => `${year}-${mm}-${dd}`);
}

/** The board's filters, as the KPI endpoints take them. */
export interface BoardQuery {
  from: string;
  to: string;
  businessHours: boolean;
  slice: 'none' | 'group' | 'agent' | 'channel' | 'brand' | 'tag';
}

export const SLICES: BoardQuery['slice'][] = ['none', 'group', 'agent', 'channel', 'brand', 'tag'];

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last 28 days up to today (UTC dates; the backend reads them in its reporting time zone). */
export function defaultQuery(now: number, businessHours: boolean): BoardQuery {
  return {
    from: isoDay(now - 27 * DAY_MS),
    to: isoDay(now),
    businessHours,
    slice: 'none',
  };
}

/** Days per trend point: daily up to two months, weekly beyond, so a chart stays readable. */
export function granularityFor(q: Pick<BoardQuery, 'from' | 'to'>): 'day' | 'week' {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
  return days > 62 ? 'week' : 'day';
}

/** A well-formed range: both dates valid and `from` not after `to`. */
export function validRange(q: Pick<BoardQuery, 'from' | 'to'>): boolean {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  return (
    re.test(q.from) &&
    re.test(q.to) &&
    !Number.isNaN(Date.parse(q.from)) &&
    Date.parse(q.from) <= Date.parse(q.to)
  );
}

import type { Ticket } from '../../domain/index.js';
import type { ReasonTicketRow } from '../../store/store.js';
import { reasonOf } from '../reasons/classify.js';
import type { ReasonSettings } from '../reasons/settings.js';
import type { CohortBy } from './schemas.js';

/** Two cohorts of one range, and the tickets left out of both because they belong to both. */
export interface Split {
  a: ReasonTicketRow[];
  b: ReasonTicketRow[];
  overlap: number;
}

/** Whether `ticket` has `value` as its `by` (tag, group, channel, brand, form or reason). */
export function memberOf(
  by: Exclude<CohortBy, 'period'>,
  value: string,
  settings: ReasonSettings,
): (ticket: Ticket) => boolean {
  switch (by) {
    case 'tag':
      return (t) => t.tags.includes(value);
    case 'group':
      return (t) => t.groupId === value;
    case 'channel':
      return (t) => t.channel === value;
    case 'brand':
      return (t) => t.brandId === value;
    case 'form':
      return (t) => t.formId === value;
    case 'reason':
      return (t) => reasonOf(t, settings).reason === value;
  }
}

/**
 * Splits one range's tickets into A (`a` matches) and B (`b` matches, or every ticket A does not
 * hold when `b` is null). A ticket both match (two tags) joins neither: the tests assume two
 * independent samples, and such a ticket would be counted on both sides.
 */
export function splitRows(
  rows: readonly ReasonTicketRow[],
  inA: (ticket: Ticket) => boolean,
  inB: ((ticket: Ticket) => boolean) | null,
): Split {
  const split: Split = { a: [], b: [], overlap: 0 };
  for (const row of rows) {
    const a = inA(row.ticket);
    const b = inB === null ? !a : inB(row.ticket);
    if (a && b) split.overlap += 1;
    else if (a) split.a.push(row);
    else if (b) split.b.push(row);
  }
  return split;
}

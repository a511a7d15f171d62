// The packing itself lives with the kernel that reads it (metrics/event-codes.ts); this SQL writes
// it, so a layout change is one edit away from both sides.
import {
  AUTHOR_KINDS,
  CREATING_BIT,
  EVENT_KIND,
  FROM_NULL_BIT,
  PUBLIC_BIT,
  TICKET_STATUSES,
} from '../metrics/event-codes.js';
import { sqlWords } from './sql-values.js';

const textArray = (values: readonly string[]) => `ARRAY[${sqlWords(values)}]::text[]`;

/** The SQL expression packing the event row `e` (ticket_events) as metrics/event-codes.ts lays it out. */
export const EVENT_CODE_SQL = `CASE e.type
  WHEN 'status_change' THEN (array_position(${textArray(TICKET_STATUSES)}, e.data->>'to') - 1) * 4
    + CASE WHEN e.data->>'from' IS NULL THEN ${String(FROM_NULL_BIT)} ELSE 0 END
  WHEN 'delete' THEN ${String(EVENT_KIND.delete)}
  WHEN 'comment' THEN ${String(EVENT_KIND.comment)}
    + CASE WHEN (e.data->>'public')::boolean THEN ${String(PUBLIC_BIT)} ELSE 0 END
    + CASE WHEN (e.data->>'isCreating')::boolean THEN ${String(CREATING_BIT)} ELSE 0 END
    + (array_position(${textArray(AUTHOR_KINDS)}, e.data->>'authorKind') - 1) * 16
  ELSE ${String(EVENT_KIND.schedule)} END`;

import { AuthorKindSchema, TICKET_STATUSES } from '../domain/index.js';

/**
 * The packing of one clock-moving event into 16 bits, shared by the SQL that writes it and the
 * replay that reads it. Bits 0–1: kind. Status changes: bits 2–5 the status' index in
 * TICKET_STATUSES, bit 6 a null `from` (the ticket's initial status). Comments: bit 2 public,
 * bit 3 the creating comment, bits 4–5 the author kind's index.
 */
export const EVENT_KIND = { status: 0, delete: 1, comment: 2, schedule: 3 } as const;
export const STATUS_SHIFT = 2;
export const FROM_NULL_BIT = 64;
export const PUBLIC_BIT = 4;
export const CREATING_BIT = 8;
export const AUTHOR_SHIFT = 4;
export const AUTHOR_KINDS = AuthorKindSchema.options;
export { TICKET_STATUSES };

const textArray = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[]`;

/** The SQL expression packing the event row `e` (ticket_events) as above. */
export const EVENT_CODE_SQL = `CASE e.type
  WHEN 'status_change' THEN (array_position(${textArray(TICKET_STATUSES)}, e.data->>'to') - 1) * 4
    + CASE WHEN e.data->>'from' IS NULL THEN ${String(FROM_NULL_BIT)} ELSE 0 END
  WHEN 'delete' THEN ${String(EVENT_KIND.delete)}
  WHEN 'comment' THEN ${String(EVENT_KIND.comment)}
    + CASE WHEN (e.data->>'public')::boolean THEN ${String(PUBLIC_BIT)} ELSE 0 END
    + CASE WHEN (e.data->>'isCreating')::boolean THEN ${String(CREATING_BIT)} ELSE 0 END
    + (array_position(${textArray(AUTHOR_KINDS)}, e.data->>'authorKind') - 1) * 16
  ELSE ${String(EVENT_KIND.schedule)} END`;

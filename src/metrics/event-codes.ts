import { AuthorKindSchema, TICKET_STATUSES } from '../domain/index.js';

/**
 * The packing of one clock-moving event into 16 bits: the stored timeline columns are written in
 * it and the clock kernel reads it. Bits 0–1: kind. Status changes: bits 2–5 the status' index in
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

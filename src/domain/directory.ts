import { z } from 'zod';
import { IdSchema } from './primitives.js';

/** What a directory entry names: tickets reference groups and brands by id only. */
export const DirectoryKindSchema = z.enum(['group', 'brand']);
export type DirectoryKind = z.infer<typeof DirectoryKindSchema>;

/** A helpdesk group or brand with its display name (agents are users, named on their own). */
export const DirectoryEntrySchema = z.object({
  kind: DirectoryKindSchema,
  id: IdSchema,
  name: z.string().min(1),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

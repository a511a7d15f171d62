import { z } from 'zod';

/** What `GET …/sync-status` answers (admin API and the app's Admin tab). */
export const SyncStatusSchema = z.object({
  streams: z.array(
    z.object({
      stream: z
        .string()
        .describe(
          'A sync stream (tickets, ticket_events, users, …), or push_back: push-back has no ' +
            'stream of its own, so the 429s the helpdesk answered its write-backs are counted ' +
            'in a row of their own: count429 and the budget it last saw; its checkpoint is null, ' +
            'its pageCount 0 and its lastPageAt the time the row was first written.',
        ),
      checkpoint: z.string().nullable(),
      lastPageAt: z.string(),
      lagSeconds: z.number().int(),
      lastError: z.string().nullable(),
      pageCount: z.number().int(),
      rateLimit: z.object({
        count429: z
          .number()
          .int()
          .describe('429 answers met, summed over every run and worker; never double-counted'),
        remaining: z.number().int().nullable(),
        limit: z.number().int().nullable(),
        observedAt: z.string().nullable(),
      }),
    }),
  ),
  asOf: z.string(),
});

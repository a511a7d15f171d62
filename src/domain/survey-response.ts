import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';

export const SurveyKindSchema = z.enum(['csat', 'ces', 'nps']);
export type SurveyKind = z.infer<typeof SurveyKindSchema>;

/**
 * One answer to a survey question, kept with its scale so answers on different scales are never
 * pooled (metrics.md §9: CES 2.0 is 1–7 agree = better; CES 1.0 is 1–5 where lower is better).
 */
export const SurveyResponseSchema = z
  .object({
    id: IdSchema,
    ticketId: IdSchema,
    requesterId: IdSchema.nullable(),
    kind: SurveyKindSchema,
    surveyId: z.string().min(1),
    questionId: z.string().min(1),
    scaleMin: z.number().int(),
    scaleMax: z.number().int(),
    direction: z.enum(['higher_is_better', 'lower_is_better']),
    value: z.number().int(),
    respondedAt: InstantSchema,
  })
  .refine((r) => r.scaleMin < r.scaleMax, { message: 'scaleMin must be below scaleMax' })
  .refine((r) => r.value >= r.scaleMin && r.value <= r.scaleMax, {
    message: 'value is outside the scale',
  });
export type SurveyResponse = z.infer<typeof SurveyResponseSchema>;

import { z } from 'zod';

/**
 * A tag pattern naming a contact reason: a tag (`billing_question`), or a prefix/suffix with one
 * `*` (`reason_*`). The reason is `reason` when given, else what the `*` matched, else the tag.
 */
export const TagPatternSchema = z
  .object({
    pattern: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\s*]*\*?[^\s*]*$/, 'a tag or a tag pattern with at most one *, no spaces')
      .refine((p) => p !== '*', 'a pattern of * alone would make every tag a reason'),
    reason: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type TagPattern = z.infer<typeof TagPatternSchema>;

/** A ticket form naming a contact reason: every ticket filed through form `formId` has `reason`. */
export const FormReasonSchema = z
  .object({
    formId: z
      .union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()])
      .transform(String),
    reason: z.string().trim().min(1).max(100),
  })
  .strict();
export type FormReason = z.output<typeof FormReasonSchema>;

/**
 * Where an installation's tickets say why the customer got in touch, in order of precedence: a
 * ticket field (the "contact reason" drop-down), then the ticket's form, then the first matching
 * tag pattern. A ticket none names has no reason (`unspecified` in the report).
 */
export const ReasonSettingsSchema = z
  .object({
    /** Custom field id holding the reason (Zendesk drop-down, Freshdesk custom field). */
    fieldId: z
      .union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()])
      .transform(String)
      .nullable()
      .default(null),
    /** Ticket forms (Zendesk `ticket_form_id`) that name a reason, each form once. */
    forms: z
      .array(FormReasonSchema)
      .max(100)
      .default([])
      .refine(
        (forms) => new Set(forms.map((f) => f.formId)).size === forms.length,
        'each form may name one reason only',
      ),
    tagPatterns: z.array(TagPatternSchema).max(50).default([]),
  })
  .strict();
export type ReasonSettings = z.output<typeof ReasonSettingsSchema>;

/** No field, no patterns: every ticket is `unspecified` until an admin says where reasons live. */
export const DEFAULT_REASON_SETTINGS: ReasonSettings = {
  fieldId: null,
  forms: [],
  tagPatterns: [],
};

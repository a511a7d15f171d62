import { z } from 'zod';
import type { FieldValue } from '../domain/index.js';

/**
 * A helpdesk's custom-field or change value as the domain's FieldValue. Deliberately never fails:
 * field types vary per account and helpdesks add new ones, and the values the metrics rely on
 * (time tracking, CES) are validated where they are interpreted. Unknown shapes are kept as JSON.
 */
export const WireFieldValueSchema = z
  .unknown()
  .optional()
  .transform((value): FieldValue => toFieldValue(value));

function toFieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return JSON.stringify(value);
}

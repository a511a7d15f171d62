import { ValidationError } from '../errors.js';
import { JOB_PAYLOADS } from './catalog.js';
import type { JobName, JobPayload } from './catalog.js';
import { describeIssues } from '../zod-issues.js';

/** Parses a payload against its job's schema; a bad payload is a ValidationError naming the fields. */
export function parsePayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  const result = JOB_PAYLOADS[name].safeParse(payload);
  if (result.success) return result.data as JobPayload<N>;
  const issues = describeIssues(result.error.issues, '(payload)');
  throw new ValidationError(`invalid ${name} payload: ${issues.join('; ')}`, issues);
}

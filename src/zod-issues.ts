import type { z } from 'zod';

/**
 * Zod issues as `path: message` lines, the one wording every error and quarantine reason uses.
 * An issue about the whole value has no path; `whole` names it instead (e.g. `(record)`).
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], whole: string): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.') || whole}: ${issue.message}`);
}

import type { FieldValue, Ticket } from '../../domain/index.js';
import type { ReasonSettings, TagPattern } from './settings.js';

/** The reason key of tickets that name none. */
export const UNSPECIFIED_REASON = 'unspecified';

/** A ticket's contact reason and where it was read from. */
export interface TicketReason {
  reason: string;
  source: 'field' | 'form' | 'tag' | 'none';
}

/**
 * The contact reason of a ticket under `settings`: the reason field's value when set, else its
 * form's reason when the settings name its form, else the reason of the first pattern (in settings order) that one of the tags (in sorted order, so the
 * helpdesk's tag order does not matter) matches.
 */
export function reasonOf(ticket: Ticket, settings: ReasonSettings): TicketReason {
  if (settings.fieldId !== null) {
    const value = fieldText(ticket.customFields[settings.fieldId]);
    if (value !== null) return { reason: value, source: 'field' };
  }
  const form = settings.forms.find((f) => f.formId === ticket.formId);
  if (form !== undefined) return { reason: form.reason, source: 'form' };
  const tags = [...ticket.tags].sort();
  for (const pattern of settings.tagPatterns) {
    for (const tag of tags) {
      const reason = matchTag(pattern, tag);
      if (reason !== null) return { reason, source: 'tag' };
    }
  }
  return { reason: UNSPECIFIED_REASON, source: 'none' };
}

function fieldText(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null || value === false) return null;
  // A multi-select names several; its first value in sorted order keeps the choice stable.
  if (Array.isArray(value)) return [...value].sort()[0] ?? null;
  const text = String(value).trim();
  return text.length > 0 ? text : null;
}

/** The reason a tag gives under a pattern, or null when it does not match. */
export function matchTag(pattern: TagPattern, tag: string): string | null {
  const star = pattern.pattern.indexOf('*');
  if (star === -1) return tag === pattern.pattern ? (pattern.reason ?? tag) : null;
  const head = pattern.pattern.slice(0, star);
  const tail = pattern.pattern.slice(star + 1);
  if (tag.length < head.length + tail.length + 1) return null;
  if (!tag.startsWith(head) || !tag.endsWith(tail)) return null;
  return pattern.reason ?? tag.slice(head.length, tag.length - tail.length);
}

import type { SurveyResponse, TicketEvent } from '../../domain/index.js';
import type { AuditContext, EventBase, HistoryState } from './map-context.js';

/**
 * NPS answers from a survey tool's 0–10 ticket field (Zendesk's own NPS surveys are retired), as
 * map-fields.ts maps the CES field: one answer per change of the field, off-scale values skipped
 * with a warning. Also the integer parsing both survey fields share.
 */

/** A change of the NPS field as a survey_answer; clearing it is no answer. */
export function npsAnswer(
  state: HistoryState,
  ctx: AuditContext & { fieldId: string },
  base: EventBase,
  value: unknown,
): TicketEvent | null {
  if (value == null || value === '') return null;
  const score = parseNpsScore(value);
  const { ticket } = state;
  if (score === null) {
    state.warnings.push(
      `ticket ${ticket.id}: NPS value ${JSON.stringify(value)} in audit ${ctx.audit.id} event ${ctx.eventId} is not an integer 0–10; skipped`,
    );
    return null;
  }
  const id = `nps:${ticket.id}:${ctx.audit.id}:${ctx.eventId}`;
  const response = npsResponse(ticket, id, ctx.fieldId, score, base.at);
  state.surveys.push(response);
  return { ...base, type: 'survey_answer', response };
}

/** A 0–10 "likelihood to recommend" answer as a SurveyResponse (metrics.md, NPS). */
export function npsResponse(
  ticket: { id: string; requesterId: string | null },
  id: string,
  questionId: string,
  value: number,
  respondedAt: number,
): SurveyResponse {
  return {
    id,
    ticketId: ticket.id,
    requesterId: ticket.requesterId,
    kind: 'nps',
    surveyId: 'zendesk_ticket_field',
    questionId,
    scaleMin: 0,
    scaleMax: 10,
    direction: 'higher_is_better',
    value,
    respondedAt,
  };
}

/** An integer NPS answer on the 0–10 scale; null otherwise. */
export function parseNpsScore(value: unknown): number | null {
  return integerIn(value, 0, 10);
}

/** An integer in [min, max] from a number or a numeric string (fields arrive as strings). */
export function integerIn(value: unknown, min: number, max: number): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

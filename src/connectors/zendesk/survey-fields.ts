import type { SurveyResponse, TicketEvent } from '../../domain/index.js';
import type { AuditContext, EventBase, HistoryState } from './map-context.js';

/**
 * The survey ticket fields Deskpulse reads — CES (1–7) and NPS from a survey tool's 0–10 field
 * (Zendesk's own NPS surveys are retired) — in one place for the audits, the ticket-events export
 * and the snapshot fallback: one answer per change of the field, off-scale values skipped.
 */
export const SURVEY_FIELD_SCALES = {
  ces: { label: 'CES', min: 1, max: 7 },
  nps: { label: 'NPS', min: 0, max: 10 },
} as const;

export type SurveyFieldKind = keyof typeof SURVEY_FIELD_SCALES;

/** A change of a survey field as a survey_answer; clearing it is no answer, off-scale is warned. */
export function surveyFieldAnswer(
  kind: SurveyFieldKind,
  state: HistoryState,
  ctx: AuditContext & { fieldId: string },
  base: EventBase,
  value: unknown,
): TicketEvent | null {
  if (value == null || value === '') return null;
  const score = parseSurveyScore(kind, value);
  const { ticket } = state;
  if (score === null) {
    const { label, min, max } = SURVEY_FIELD_SCALES[kind];
    state.warnings.push(
      `ticket ${ticket.id}: ${label} value ${JSON.stringify(value)} in audit ${ctx.audit.id} event ${ctx.eventId} is not an integer ${String(min)}–${String(max)}; skipped`,
    );
    return null;
  }
  const id = `${kind}:${ticket.id}:${ctx.audit.id}:${ctx.eventId}`;
  const response = surveyFieldResponse(kind, ticket, id, ctx.fieldId, score, base.at);
  state.surveys.push(response);
  return { ...base, type: 'survey_answer', response };
}

/** A survey field's answer as a SurveyResponse (metrics.md: CES 2.0, NPS). */
export function surveyFieldResponse(
  kind: SurveyFieldKind,
  ticket: { id: string; requesterId: string | null },
  id: string,
  questionId: string,
  value: number,
  respondedAt: number,
): SurveyResponse {
  const { min, max } = SURVEY_FIELD_SCALES[kind];
  return {
    id,
    ticketId: ticket.id,
    requesterId: ticket.requesterId,
    kind,
    surveyId: 'zendesk_ticket_field',
    questionId,
    scaleMin: min,
    scaleMax: max,
    direction: 'higher_is_better',
    value,
    respondedAt,
  };
}

/** An integer answer on the field's scale; null otherwise. */
export function parseSurveyScore(kind: SurveyFieldKind, value: unknown): number | null {
  const { min, max } = SURVEY_FIELD_SCALES[kind];
  return integerIn(value, min, max);
}

/** An integer in [min, max] from a number or a numeric string (fields arrive as strings). */
function integerIn(value: unknown, min: number, max: number): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

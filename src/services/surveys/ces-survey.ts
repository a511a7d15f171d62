import { z } from 'zod';
import type { Id, Instant, SurveyResponse } from '../../domain/index.js';
import { SOLVED_STATUSES } from '../../domain/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import type { JobProducer } from '../../queue/queue.js';
import type { IntakeStore, TimelineStore } from '../../store/store.js';
import { requestDrain } from '../pipeline/drains.js';
import { SURVEY_LINK_TTL_MS, signSurveyToken, verifySurveyToken } from './tokens.js';

/** What the survey service needs. */
export interface SurveyDeps {
  store: IntakeStore & TimelineStore;
  producer: JobProducer;
  now: () => number;
  surveyKey: Buffer;
  /** Public base URL; null disables links (503 PUBLIC_URL_UNSET). */
  publicUrl: string | null;
}

/**
 * The answer: 1–7, 7 = easiest (CES 2.0 "agree" scale), as a JSON integer or the form's digit
 * (no general coercion: `true` or `"1e0"` are not answers).
 */
export const CesAnswerSchema = z.object({
  value: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^[1-7]$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(1).max(7)),
});

class SurveyError extends AppError {
  constructor(status: number, code: string, message: string) {
    super(code, message, { status });
  }
}

// One answer per ticket through the link: the id makes a second one a replay the store ignores.
const answerIdOf = (ticketId: Id) => `ces-link:${ticketId}`;

/** A signed survey link for a solved ticket of this installation. */
export async function surveyLink(
  deps: SurveyDeps,
  installationId: string,
  ticketId: Id,
): Promise<{ url: string; expiresAt: Instant }> {
  if (deps.publicUrl === null) {
    throw new SurveyError(503, 'PUBLIC_URL_UNSET', 'survey links need PUBLIC_URL to be set');
  }
  const timeline = await deps.store.getTicketTimeline(installationId, ticketId);
  if (timeline === null) throw new NotFoundError('no such ticket');
  if (!SOLVED_STATUSES.has(timeline.ticket.status)) {
    throw new SurveyError(409, 'TICKET_NOT_SOLVED', 'survey links are for solved tickets');
  }
  const expiresAt = deps.now() + SURVEY_LINK_TTL_MS;
  const token = signSurveyToken(deps.surveyKey, { installationId, ticketId, expiresAt });
  return { url: `${deps.publicUrl.replace(/\/+$/, '')}/surveys/ces/${token}`, expiresAt };
}

/** Where a token's survey stands: answerable, already answered, or not a valid link. */
export async function surveyState(
  deps: SurveyDeps,
  token: string,
): Promise<{ ticketId: Id; answered: boolean }> {
  const claim = verifySurveyToken(deps.surveyKey, token, deps.now());
  if (claim === null) throw new NotFoundError('this survey link is not valid or has expired');
  const timeline = await deps.store.getTicketTimeline(claim.installationId, claim.ticketId);
  if (timeline === null) throw new NotFoundError('this survey link is not valid or has expired');
  const answered = timeline.surveyAnswers.some((a) => a.id === answerIdOf(claim.ticketId));
  return { ticketId: claim.ticketId, answered };
}

/**
 * Records the answer once (409 ALREADY_ANSWERED after that) as a CES survey response of the
 * ticket's requester, then enqueues the ticket's analysis so the answer reaches its metrics, the
 * requester summary and the rollups.
 */
export async function recordCesAnswer(deps: SurveyDeps, token: string, value: number) {
  const now = deps.now();
  const claim = verifySurveyToken(deps.surveyKey, token, now);
  if (claim === null) throw new NotFoundError('this survey link is not valid or has expired');
  const { installationId, ticketId } = claim;
  const timeline = await deps.store.getTicketTimeline(installationId, ticketId);
  if (timeline === null) throw new NotFoundError('this survey link is not valid or has expired');
  const answer: SurveyResponse = {
    id: answerIdOf(ticketId),
    ticketId,
    requesterId: timeline.ticket.requesterId,
    kind: 'ces',
    surveyId: 'deskpulse-ces-link',
    questionId: 'ces',
    scaleMin: 1,
    scaleMax: 7,
    direction: 'higher_is_better',
    value,
    respondedAt: now,
  };
  if (!(await deps.store.addSurveyAnswer(installationId, answer))) {
    throw new SurveyError(409, 'ALREADY_ANSWERED', 'this survey was already answered');
  }
  await deps.producer.enqueue('ticket.analyze', { installationId, ticketId, updatedAt: now });
  // The store marked the ticket too: the drain takes it if the job above never completes.
  await requestDrain(deps.producer, 'analysis.drain', installationId, now);
  return { recorded: true as const };
}

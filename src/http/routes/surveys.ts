import { z } from 'zod';
import {
  CesAnswerSchema,
  recordCesAnswer,
  surveyState,
  type SurveyDeps,
} from '../../services/surveys/ces-survey.js';
import type { RateLimiter } from '../../services/surveys/rate-limit.js';
import { RateLimitError } from '../api/errors.js';
import { defineRoute, type ApiRoute } from '../api/route.js';
import type { Request } from 'express';
import { answeredPage, surveyPage, thanksPage } from './survey-pages.js';

const TokenParams = z.object({ token: z.string().min(1).max(600) }).strict();

/** Form posts get pages back; JSON callers get JSON. */
const wantsHtml = (req: Request) =>
  req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';

/**
 * The public CES survey (signed token in the path, no other auth): GET shows a 1–7 form, POST
 * records the answer once. Both are rate limited per client address.
 */
export function surveyRoutes(deps: SurveyDeps, limiter: RateLimiter): ApiRoute[] {
  const limit = (req: Request): void => {
    const retryAfter = limiter.hit(req.ip ?? 'unknown');
    if (retryAfter > 0) throw new RateLimitError(retryAfter);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/surveys/ces/:token',
      auth: 'public',
      tag: 'surveys',
      summary: 'The CES survey page (a 1–7 form), or a note that it was answered',
      params: TokenParams,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handler: async ({ params, req }) => {
        limit(req);
        const state = await surveyState(deps, params.token);
        return { status: 200, html: state.answered ? answeredPage() : surveyPage() };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/surveys/ces/:token',
      auth: 'public',
      tag: 'surveys',
      summary: 'Record the CES answer (form or JSON { value: 1..7 }); once per ticket',
      params: TokenParams,
      body: CesAnswerSchema,
      bodyTypes: 'json-or-form',
      responses: {
        201: { description: 'Recorded (JSON `{ recorded: true }`, or a thank-you page for forms)' },
      },
      handler: async ({ params, body, req }) => {
        limit(req);
        const result = await recordCesAnswer(deps, params.token, body.value);
        return wantsHtml(req) ? { status: 201, html: thanksPage() } : { status: 201, json: result };
      },
    }),
  ];
}

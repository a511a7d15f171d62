import { z } from 'zod';
import { recordHandleTime, HandleTimeBodySchema } from '../../services/sidebar/handle-time.js';
import {
  CustomerContextSchema,
  ExplainSchema,
  TicketClocksSchema,
} from '../../services/sidebar/contracts.js';
import { explainTicket } from '../../services/sidebar/explain.js';
import { organizationContext, requesterContext } from '../../services/sidebar/context.js';
import { ticketClocks } from '../../services/sidebar/clocks.js';
import { surveyLink, type SurveyDeps } from '../../services/surveys/ces-survey.js';
import type { ApiDeps } from '../api/deps.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

// Helpdesk ids are numeric in Zendesk and Freshdesk; anything else cannot match a stored row.
const HelpdeskId = z.string().regex(/^\d{1,20}$/, 'a numeric helpdesk id');
const TicketParams = z.object({ ticketId: HelpdeskId }).strict();

/** A 200 answer documented with the view's contract (src/services/sidebar/contracts.ts). */
const ok = (description: string, schema: z.ZodType) => ({ 200: { description, schema } });

/** The sidebar endpoints (installation auth): every id is looked up within the caller's rows. */
export function sidebarRoutes(deps: ApiDeps, surveys: SurveyDeps): ApiRoute[] {
  const { store } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/requesters/:requesterId/context',
      auth: 'installation',
      tag: 'sidebar',
      summary: "The requester's stored summary: history, clocks, ratings, effort and risk",
      params: z.object({ requesterId: HelpdeskId }).strict(),
      responses: ok('RequesterContext', CustomerContextSchema),
      handler: async ({ params, installation }) => ({
        status: 200,
        json: await requesterContext(deps, installation.id, params.requesterId, deps.now()),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/organizations/:organizationId/context',
      auth: 'installation',
      tag: 'sidebar',
      summary: "The organisation's context over its newest tickets (same shape as a requester's)",
      params: z.object({ organizationId: HelpdeskId }).strict(),
      responses: ok('OrganizationContext', CustomerContextSchema),
      handler: async ({ params, installation }) => ({
        status: 200,
        json: await organizationContext(deps, installation.id, params.organizationId, deps.now()),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tickets/:ticketId/clocks',
      auth: 'installation',
      tag: 'sidebar',
      summary: 'Live clocks of a ticket: age, first reply, requester wait, SLA targets',
      params: TicketParams,
      responses: ok('TicketClocks', TicketClocksSchema),
      handler: async ({ params, installation }) => ({
        status: 200,
        json: await ticketClocks(store, installation, params.ticketId, deps.now()),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tickets/:ticketId/handle-time',
      auth: 'installation',
      tag: 'sidebar',
      summary: 'Log handle time from the sidebar timer (idempotent by entryId)',
      params: TicketParams,
      body: HandleTimeBodySchema,
      responses: {
        201: { description: 'Recorded', schema: z.object({ created: z.literal(true) }) },
        200: {
          description: 'Replay: already recorded',
          schema: z.object({ created: z.literal(false) }),
        },
      },
      handler: async ({ params, body, installation }) => {
        const result = await recordHandleTime(deps, installation.id, params.ticketId, body);
        return { status: result.created ? 201 : 200, json: result };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tickets/:ticketId/explain',
      auth: 'installation',
      tag: 'sidebar',
      summary: "The events and schedules that produced the ticket's numbers",
      params: TicketParams,
      responses: ok('TicketExplanation', ExplainSchema),
      handler: async ({ params, installation }) => ({
        status: 200,
        json: await explainTicket(store, installation.id, params.ticketId),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tickets/:ticketId/survey-link',
      auth: 'installation',
      tag: 'sidebar',
      summary: 'A signed CES survey link for a solved ticket',
      params: TicketParams,
      responses: {
        200: {
          description: 'The link',
          schema: z.object({ url: z.url(), expiresAt: z.iso.datetime() }),
        },
      },
      handler: async ({ params, installation }) => {
        const link = await surveyLink(surveys, installation.id, params.ticketId);
        return {
          status: 200,
          json: { url: link.url, expiresAt: new Date(link.expiresAt).toISOString() },
        };
      },
    }),
  ];
}

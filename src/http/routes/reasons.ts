import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { reasonSettings, type ReasonsDeps } from '../../services/reasons/buckets.js';
import { reasonsCsv } from '../../services/reasons/csv.js';
import { computeReasons } from '../../services/reasons/report.js';
import {
  ReasonsQuerySchema,
  ReasonsReportSchema,
  ReasonTicketsQuerySchema,
  ReasonTicketsSchema,
} from '../../services/reasons/schemas.js';
import { ReasonSettingsSchema } from '../../services/reasons/settings.js';
import { reasonTickets } from '../../services/reasons/tickets.js';
import type { TicketStore } from '../../store/store.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'reasons';
const InstallationParams = z.object({ id: z.uuid() }).strict();

/**
 * Contact reasons and recurring problems (installation auth, board roles): the ranked report, its
 * drill-down to tickets and its CSV. The reasons' settings are the admin's (admin token).
 */
export function reasonRoutes(deps: ReasonsDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/reasons',
      auth: 'installation',
      tag: TAG,
      summary:
        'Contact reasons or recurring problems in a range: volume, trend, share, KPIs with 95 % intervals, ranked by cost',
      query: ReasonsQuerySchema,
      responses: { 200: { description: 'ReasonsReport', schema: ReasonsReportSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await computeReasons(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/reasons/tickets',
      auth: 'installation',
      tag: TAG,
      summary: 'The tickets of one reason or problem group in the range, oldest first, paginated',
      query: ReasonTicketsQuerySchema,
      responses: {
        200: { description: 'ReasonTickets', schema: ReasonTicketsSchema },
        404: { description: 'No ticket of the range has that reason or group' },
      },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await reasonTickets(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/reasons/export.csv',
      auth: 'installation',
      tag: TAG,
      summary: 'The reasons report as CSV, one row per reason or problem group',
      query: ReasonsQuerySchema,
      responses: {
        200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
      },
      handler: async ({ query, installation, res }) => {
        const csv = reasonsCsv(await computeReasons(deps, installation.id, query));
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader(
          'content-disposition',
          `attachment; filename="deskpulse-${query.by}s-${query.from}-${query.to}.csv"`,
        );
        res.end(csv);
        return { handled: true };
      },
    }),
  ];
}

/** The reason settings of an installation (admin token): read, and replace as a whole. */
export function reasonSettingsRoutes(store: TicketStore): ApiRoute[] {
  const known = async (id: string) => {
    if ((await store.getInstallation(id)) === null) {
      throw new NotFoundError('no such installation');
    }
  };
  const path = '/api/v1/admin/installations/:id/reason-settings';
  return [
    defineRoute({
      method: 'get',
      path,
      auth: 'admin',
      tag: 'admin',
      summary: 'Where contact reasons are read from: a ticket field, ticket forms, tag patterns',
      params: InstallationParams,
      responses: { 200: { description: 'ReasonSettings', schema: ReasonSettingsSchema } },
      handler: async ({ params }) => {
        await known(params.id);
        return { status: 200, json: await reasonSettings({ store }, params.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path,
      auth: 'admin',
      tag: 'admin',
      summary:
        'Replaces the reason settings (a ticket field id, up to 100 forms, up to 50 tag patterns)',
      params: InstallationParams,
      body: ReasonSettingsSchema,
      responses: { 200: { description: 'ReasonSettings', schema: ReasonSettingsSchema } },
      handler: async ({ params, body }) => {
        await known(params.id);
        await store.saveReasonSettings(params.id, body);
        return { status: 200, json: body };
      },
    }),
  ];
}

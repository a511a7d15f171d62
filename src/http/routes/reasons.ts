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
import { installationSettingsRoutes } from './installation-settings.js';

const TAG = 'reasons';

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
  return installationSettingsRoutes(store, {
    segment: 'reason-settings',
    name: 'ReasonSettings',
    schema: ReasonSettingsSchema,
    summaries: {
      get: 'Where contact reasons are read from: a ticket field, ticket forms, tag patterns',
      put: 'Replaces the reason settings (a ticket field id, up to 100 forms, up to 50 tag patterns)',
    },
    read: (id) => reasonSettings({ store }, id),
    save: (id, body) => store.saveReasonSettings(id, body),
  });
}

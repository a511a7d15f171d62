import { compareCsv } from '../../services/compare/csv.js';
import { compareCohorts } from '../../services/compare/report.js';
import { CompareQuerySchema, CompareReportSchema } from '../../services/compare/schemas.js';
import type { ReasonsDeps } from '../../services/reasons/buckets.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'compare';

/** Cohort comparison (A/B; installation auth, board roles): the report and its CSV. */
export function compareRoutes(deps: ReasonsDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/compare',
      auth: 'installation',
      tag: TAG,
      summary:
        'Two cohorts (by tag, group, channel, brand, form, reason or two periods) on every KPI: both values, B − A with a 95 % interval, p-value, minimum detectable effect, verdict',
      query: CompareQuerySchema,
      responses: { 200: { description: 'CompareReport', schema: CompareReportSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await compareCohorts(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/compare/export.csv',
      auth: 'installation',
      tag: TAG,
      summary: 'The cohort comparison as CSV, one row per KPI',
      query: CompareQuerySchema,
      responses: {
        200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
      },
      handler: async ({ query, installation, res }) => {
        const csv = compareCsv(await compareCohorts(deps, installation.id, query));
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader(
          'content-disposition',
          `attachment; filename="deskpulse-compare-${query.by}-${query.from}-${query.to}.csv"`,
        );
        res.end(csv);
        return { handled: true };
      },
    }),
  ];
}

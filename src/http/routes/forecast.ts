import { forecastCsv } from '../../services/forecast/csv.js';
import { createForecastCache, type ForecastCacheDeps } from '../../services/forecast/cache.js';
import { ForecastDocumentSchema, ForecastQuerySchema } from '../../services/forecast/schemas.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'forecast';

/** The backlog forecast of the board (installation auth): JSON, and the same as CSV. */
export function forecastRoutes(deps: ForecastCacheDeps): ApiRoute[] {
  const cache = createForecastCache(deps);
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/forecast',
      auth: 'installation',
      tag: TAG,
      summary:
        'Created, solved and backlog for the next 14 days (and weekday × hour for 7) with 80/95 % intervals, and the backtested accuracy',
      query: ForecastQuerySchema,
      responses: { 200: { description: 'Forecast', schema: ForecastDocumentSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await cache.get(installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/forecast.csv',
      auth: 'installation',
      tag: TAG,
      summary: 'The forecast as CSV: history, daily and hourly rows per series',
      query: ForecastQuerySchema,
      responses: {
        200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
      },
      handler: async ({ query, installation, res }) => {
        const doc = await cache.get(installation.id, query);
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader(
          'content-disposition',
          `attachment; filename="deskpulse-forecast-${doc.asOf}.csv"`,
        );
        res.end(forecastCsv(doc));
        return { handled: true };
      },
    }),
  ];
}

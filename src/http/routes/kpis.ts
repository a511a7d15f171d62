import { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../../logging.js';
import { KPI_REGISTRY } from '../../metrics/kpi-registry.js';
import { computeBoard, type KpiDeps } from '../../services/kpi/board.js';
import {
  BoardDocumentSchema,
  DrilldownSchema,
  KpiRegistrySchema,
  TrendSchema,
} from '../../services/kpi/contracts.js';
import { reanalysisProgress } from '../../services/pipeline/reanalysis.js';
import { drilldown } from '../../services/kpi/drilldown.js';
import { exportCsv } from '../../services/kpi/export-csv.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
  TrendQuerySchema,
} from '../../services/kpi/schemas.js';
import { computeTrend } from '../../services/kpi/trend.js';
import { requestIdOf } from '../api/request-id.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'kpis';

/**
 * The team-lead board (installation auth). The KPI services (src/services/kpi) take the
 * installation id from the authenticated caller only, and their zod query schemas are the ones
 * validated here and rendered into the OpenAPI document.
 */
export function kpiRoutes(deps: KpiDeps, logger: Logger): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/kpis/registry',
      auth: 'installation',
      tag: TAG,
      summary:
        "Every KPI's definition: unit, better direction, headline statistic, change kind, day rule, display",
      responses: { 200: { description: 'KPI registry', schema: KpiRegistrySchema } },
      handler: () => Promise.resolve({ status: 200, json: { kpis: KPI_REGISTRY } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/kpis/board',
      auth: 'installation',
      tag: TAG,
      summary: 'Every KPI per slice for a date range, with the previous period and the change',
      query: BoardQuerySchema,
      responses: { 200: { description: 'Board', schema: BoardDocumentSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        // The flag the board shows while history is re-analysed under changed settings.
        json: {
          ...(await computeBoard(deps, installation.id, query)),
          reanalysis: await reanalysisProgress(deps.store, installation.id),
        },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/kpis/trend',
      auth: 'installation',
      tag: TAG,
      summary: "One KPI's statistics per day or Monday-based week",
      query: TrendQuerySchema,
      responses: { 200: { description: 'Trend', schema: TrendSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await computeTrend(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/kpis/drilldown',
      auth: 'installation',
      tag: TAG,
      summary: 'The tickets behind one board cell, keyset paginated',
      query: DrilldownQuerySchema,
      responses: {
        200: { description: 'The tickets of the cell, with a cursor', schema: DrilldownSchema },
      },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await drilldown(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/kpis/export.csv',
      auth: 'installation',
      tag: TAG,
      summary: 'One CSV row per ticket in the range, streamed, no cap',
      query: ExportQuerySchema,
      responses: {
        200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
      },
      handler: async ({ query, installation, res }) => {
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader(
          'content-disposition',
          `attachment; filename="deskpulse-${query.from}-${query.to}.csv"`,
        );
        try {
          // pipeline honours backpressure and stops the query when the client goes away.
          await pipeline(Readable.from(exportCsv(deps, installation.id, query)), res);
        } catch (error) {
          logExportEnd(logger, requestIdOf(res), error);
          // The status and header row are gone: only an unfinished body can say "failed". Cutting
          // the socket before the chunked encoding's last chunk makes every HTTP client see an
          // error (curl exits 18, fetch rejects) instead of a short file that looks complete.
          res.socket?.destroy();
          res.destroy();
        }
        return { handled: true };
      },
    }),
  ];
}

/** A client that left is routine; a failure of ours after the header is an error for operators. */
function logExportEnd(logger: Logger, requestId: string, error: unknown) {
  const err = error instanceof Error ? error.name : 'error';
  const code = error instanceof AppError ? error.code : undefined;
  // pipeline reports a destination closed early (the client went away) as a premature close.
  if (isPrematureClose(error)) {
    logger.info({ requestId, err }, 'CSV export cancelled by the client');
    return;
  }
  logger.error({ requestId, err, code }, 'CSV export failed after its header');
}

function isPrematureClose(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

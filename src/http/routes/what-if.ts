import { WhatIfReportSchema, WhatIfRequestSchema } from '../../services/whatif/contracts.js';
import { whatIf, type WhatIfDeps } from '../../services/whatif/what-if.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

/**
 * What-if replay: the installation's whole stored history recomputed under a proposed SLA policy
 * and/or schedules, beside today's stored values. Nothing is applied; the app's "Apply" sends the
 * same proposal to the settings route, which re-analyses the history.
 */
export function whatIfRoutes(deps: WhatIfDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/what-if',
      auth: 'installation',
      tag: 'kpis',
      summary:
        'Replay the stored history under a proposed SLA policy and/or schedules: attainment, business-hours durations and flipped tickets beside today',
      body: WhatIfRequestSchema,
      responses: { 200: { description: 'WhatIfReport', schema: WhatIfReportSchema } },
      handler: async ({ body, installation }) => ({
        status: 200,
        json: await whatIf(deps, installation.id, body),
      }),
    }),
  ];
}

import {
  agreementDrilldown,
  agreementReport,
  type AgreementDeps,
} from '../../services/agreement/agreement-report.js';
import {
  AgreementDrilldownQuerySchema,
  AgreementDrilldownSchema,
  AgreementQuerySchema,
  AgreementReportSchema,
} from '../../services/agreement/contracts.js';
import { defineRoute, type ApiRoute } from '../api/route.js';

const TAG = 'kpis';

/**
 * Agreement with Zendesk's own numbers (`metric_sets`): the table per metric and clock, and the
 * tickets behind one reason. Scoped to the authenticated installation.
 */
export function agreementRoutes(deps: AgreementDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/agreement',
      auth: 'installation',
      tag: TAG,
      summary:
        "Per metric and clock, how often Deskpulse matches Zendesk's own metrics within a minute, and why the rest differ",
      query: AgreementQuerySchema,
      responses: { 200: { description: 'AgreementReport', schema: AgreementReportSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await agreementReport(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/agreement/tickets',
      auth: 'installation',
      tag: TAG,
      summary:
        'The tickets whose metrics differ from Zendesk for one reason, with both values and the events that explain it',
      query: AgreementDrilldownQuerySchema,
      responses: { 200: { description: 'AgreementDrilldown', schema: AgreementDrilldownSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await agreementDrilldown(deps, installation.id, query),
      }),
    }),
  ];
}

import { healthAccountDetail, listHealthAccounts } from '../../services/health/accounts.js';
import { healthChurn } from '../../services/health/churn.js';
import { healthAccountsCsv } from '../../services/health/csv.js';
import type { HealthDeps } from '../../services/health/refresh.js';
import {
  AccountParamsSchema,
  HealthAccountDetailSchema,
  HealthAccountsQuerySchema,
  HealthAccountsSchema,
  HealthChurnSchema,
  HealthRangeQuerySchema,
} from '../../services/health/schemas.js';
import { healthSettings, HealthSettingsSchema } from '../../services/health/settings.js';
import type { TicketStore } from '../../store/store.js';
import { defineRoute, type ApiRoute } from '../api/route.js';
import { installationSettingsRoutes } from './installation-settings.js';

const TAG = 'customer-health';

/**
 * Customer health (installation auth, board roles): accounts ranked by value at risk with their
 * score, reasons and trend; churn and retention; CSV.
 */
export function customerHealthRoutes(deps: HealthDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/health/accounts',
      auth: 'installation',
      tag: TAG,
      summary:
        'Accounts (organisations, requesters without one) with their health score on `to`, reasons and daily trend, ranked by value at risk',
      query: HealthAccountsQuerySchema,
      responses: { 200: { description: 'HealthAccounts', schema: HealthAccountsSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await listHealthAccounts(deps, installation.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/health/accounts.csv',
      auth: 'installation',
      tag: TAG,
      summary: 'The accounts list as CSV, one row per account',
      query: HealthAccountsQuerySchema,
      responses: {
        200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
      },
      handler: async ({ query, installation, res }) => {
        const doc = await listHealthAccounts(deps, installation.id, query);
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader(
          'content-disposition',
          `attachment; filename="deskpulse-health-${doc.to}.csv"`,
        );
        res.end(healthAccountsCsv(doc));
        return { handled: true };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/health/churn',
      auth: 'installation',
      tag: TAG,
      summary:
        'Churn rate and CRR over the range, and churned vs retained accounts’ support experience before churn with 95 % intervals',
      query: HealthRangeQuerySchema,
      responses: { 200: { description: 'HealthChurn', schema: HealthChurnSchema } },
      handler: async ({ query, installation }) => ({
        status: 200,
        json: await healthChurn(deps, installation.id, query),
      }),
    }),
  ];
}

/**
 * One account's health (installation auth, no board role): the organisation sidebar shows it to
 * every agent, as it shows the organisation's other context.
 */
export function accountHealthRoutes(deps: HealthDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/health/accounts/:id',
      auth: 'installation',
      tag: TAG,
      summary: "One account's score, reasons and trend, and its last 30 days' tickets",
      params: AccountParamsSchema,
      query: HealthRangeQuerySchema,
      responses: {
        200: { description: 'HealthAccountDetail', schema: HealthAccountDetailSchema },
      },
      handler: async ({ params, query, installation }) => ({
        status: 200,
        json: await healthAccountDetail(deps, installation.id, params.id, query),
      }),
    }),
  ];
}

/** The health settings (admin token): the organisation field and tag names to read. */
export function healthSettingsRoutes(store: TicketStore): ApiRoute[] {
  return installationSettingsRoutes(store, {
    segment: 'health-settings',
    name: 'HealthSettings',
    schema: HealthSettingsSchema,
    summaries: {
      get: "Where organisations hold an account's value and churn date or tag",
      put: 'Replaces the health settings (value field, churn date field, churn tag)',
    },
    read: (id) => healthSettings(store, id),
    save: (id, body) => store.saveHealthSettings(id, body),
  });
}

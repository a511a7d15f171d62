import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  mapSlaPolicies,
  ZendeskSlaPolicySchema,
} from '../../../src/connectors/zendesk/sla-policies.js';

// Third-party fixtures are read in place, never copied into this repository (licences vary).
const EXAMPLE = new URL(
  '../../../../shared/fixtures/real/zendesk-openapi/examples/SLAPoliciesResponseExample.json',
  import.meta.url,
);

const policy = (id: number, position: number, conditions: number, metrics: unknown[]) =>
  ZendeskSlaPolicySchema.parse({
    id,
    title: `P${String(id)}`,
    position,
    filter: { all: Array.from({ length: conditions }, () => ({ field: 'type' })), any: [] },
    policy_metrics: metrics,
  });

describe('mapSlaPolicies', () => {
  it("maps Zendesk's published example (minutes to seconds), warning that its filter is ignored", async () => {
    const body = JSON.parse(await readFile(EXAMPLE, 'utf8')) as { sla_policies: unknown[] };
    const warnings: string[] = [];
    const mapped = mapSlaPolicies(
      body.sla_policies.map((p) => ZendeskSlaPolicySchema.parse(p)),
      (w) => warnings.push(w),
    );
    expect(mapped).toEqual({
      id: '36',
      name: 'Incidents',
      targets: [
        { metric: 'first_reply_time', priority: 'low', targetSeconds: 3600, businessHours: false },
      ],
    });
    expect(warnings).toEqual([expect.stringContaining('its filter is not evaluated')]);
  });

  it('takes the catch-all policy of lowest position and skips metrics the engine does not measure', () => {
    const warnings: string[] = [];
    const mapped = mapSlaPolicies(
      [
        policy(3, 3, 0, [
          { priority: 'high', metric: 'first_reply_time', target: 5, business_hours: true },
        ]),
        policy(1, 1, 2, []),
        policy(2, 2, 0, [
          { priority: 'urgent', metric: 'resolution_time', target: 90, business_hours: true },
          { priority: 'urgent', metric: 'periodic_update_time', target: 30, business_hours: true },
        ]),
      ],
      (w) => warnings.push(w),
    );
    expect(mapped).toEqual({
      id: '2',
      name: 'P2',
      targets: [
        {
          metric: 'full_resolution_time',
          priority: 'urgent',
          targetSeconds: 5400,
          businessHours: true,
        },
      ],
    });
    expect(warnings).toEqual([expect.stringContaining('periodic_update_time')]);
    expect(mapSlaPolicies([], () => undefined)).toBeNull();
  });
});

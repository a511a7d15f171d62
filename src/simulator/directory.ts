import { GROUPS } from './catalog.js';

/**
 * The account's brands: every simulated ticket is on the one brand (Zendesk accounts without
 * multibrand have exactly this default brand).
 */
export const BRANDS = [{ id: 360000100, name: 'Acme Support' }] as const;

/** A group as `GET /api/v2/groups.json` lists it (the fields Zendesk documents that matter here). */
export function groupPayload(group: (typeof GROUPS)[number]): Record<string, unknown> {
  return {
    id: group.id,
    url: `https://simulator.zendesk.test/api/v2/groups/${String(group.id)}.json`,
    name: group.name,
    description: '',
    default: group.id === GROUPS[0].id,
    deleted: false,
    is_public: true,
    created_at: '2023-11-01T09:00:00Z',
    updated_at: '2023-11-01T09:00:00Z',
  };
}

/** A brand as `GET /api/v2/brands.json` lists it. */
export function brandPayload(brand: (typeof BRANDS)[number]): Record<string, unknown> {
  return {
    id: brand.id,
    url: `https://simulator.zendesk.test/api/v2/brands/${String(brand.id)}.json`,
    name: brand.name,
    brand_url: 'https://simulator.zendesk.test',
    subdomain: 'simulator',
    active: true,
    default: true,
    created_at: '2023-11-01T09:00:00Z',
    updated_at: '2023-11-01T09:00:00Z',
  };
}

import { Router, type Request } from 'express';
import { GROUPS } from '../catalog.js';
import { BRANDS, brandPayload, groupPayload } from '../directory.js';
import { cursorPage } from '../http-util.js';

/**
 * `GET /api/v2/groups.json` and `GET /api/v2/brands.json` with Zendesk's cursor pagination
 * (`page[size]`, `page[after]`, `meta.has_more`, `links.next`), so a connector that stops after
 * the first page is caught by a small `page[size]`.
 */
export function directoryRoutes(): Router {
  const router = Router();
  const list = (key: string, items: readonly Record<string, unknown>[]) => (req: Request) => {
    const { items: page, meta, links } = cursorPage(req, items, 100);
    return { [key]: page, meta, links };
  };
  const groups = list('groups', GROUPS.map(groupPayload));
  const brands = list('brands', BRANDS.map(brandPayload));
  router.get('/api/v2/groups.json', (req, res) => {
    res.json(groups(req));
  });
  router.get('/api/v2/brands.json', (req, res) => {
    res.json(brands(req));
  });
  return router;
}

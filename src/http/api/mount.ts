import express, { Router, type Request, type Response } from 'express';
import type { ApiRoute, Reply } from './route.js';
import { authenticate, type AuthDeps } from './auth.js';
import { authorizeRole } from './role-access.js';

// Sidebar and admin bodies are small JSON objects; settings with schedules are the largest.
const JSON_LIMIT = '256kb';
const FORM_LIMIT = '4kb';

const jsonBody = express.json({ limit: JSON_LIMIT, strict: true });
const formBody = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 });
// Zendesk webhook bodies are a few hundred bytes; anything near this limit is not one.
const rawBody = express.raw({ type: '*/*', limit: JSON_LIMIT });

function parsersFor(route: ApiRoute) {
  if (route.method === 'get' || route.method === 'delete') return [];
  if (route.bodyTypes === 'raw') return [rawBody];
  return route.bodyTypes === 'json-or-form' ? [jsonBody, formBody] : [jsonBody];
}

/**
 * Mounts routes on a router: body parser (JSON, or JSON and form for the survey page), then
 * authentication, then the route's validation and handler, then the reply. The route's path
 * pattern is kept in `res.locals.route` for metrics and logs (never the URL, which can hold a
 * survey token).
 */
export function mountRoutes(routes: readonly ApiRoute[], deps: AuthDeps | null): Router {
  const router = Router();
  for (const route of routes) {
    const parsers = parsersFor(route);
    const label = (_req: Request, res: Response, next: () => void) => {
      res.locals['route'] = route.path;
      next();
    };
    router[route.method](route.path, label, ...parsers, async (req: Request, res: Response) => {
      if (deps === null && route.auth !== 'public') throw new Error('auth routes need AuthDeps');
      const installation = deps === null ? null : await authenticate(route.auth, req, deps);
      const claim =
        route.roles === undefined || installation === null || deps === null
          ? null
          : authorizeRole(route.roles, req, installation, deps.encryptionKey, deps.now());
      if (route.roles !== undefined && installation === null) {
        // Role claims are checked against an installation's key; a route wired without one fails closed.
        throw new Error(`route ${route.path} has roles but no installation auth`);
      }
      send(res, await route.run(req, res, installation, claim));
    });
  }
  return router;
}

function send(res: Response, reply: Reply): void {
  if ('handled' in reply) return;
  if ('json' in reply) {
    res.status(reply.status).json(reply.json);
  } else if ('html' in reply) {
    res.status(reply.status).type('html').send(reply.html);
  } else {
    res.status(reply.status).end();
  }
}

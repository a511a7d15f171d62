import type { Request, Response } from 'express';
import type { z } from 'zod';
import { NUL_MESSAGE, pathsWithNul } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import type { RoleClaim } from '../../services/app-auth/role-claim.js';
import type { Installation } from '../../store/store.js';
import { describeIssues } from '../../zod-issues.js';
import type { RoleRequirement } from './role-access.js';

/**
 * Who may call a route: an installation's app secret, the admin token, the metrics scraper's
 * token (METRICS_TOKEN, else ADMIN_TOKEN), or anyone.
 */
export type RouteAuth = 'installation' | 'admin' | 'metrics' | 'public';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type BodyTypes = 'json' | 'json-or-form' | 'raw';

/** One documented response of a route; `schema` (JSON bodies) is rendered into the OpenAPI doc. */
export interface ResponseSpec {
  description: string;
  contentType?: 'application/json' | 'text/html' | 'text/csv' | 'text/plain';
  schema?: z.ZodType;
}

/** What a handler answers; `handled` means it wrote the response itself (streams). */
export type Reply =
  | { status: number; json: unknown }
  | { status: number; html: string }
  | { status: 204 }
  | { handled: true };

/** What a handler receives: validated input and the caller (installation routes only). */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The authenticated installation; never null on `installation` routes. */
  installation: Installation;
  /** The verified role claim on routes with `roles` (null when the route needed none). */
  claim: RoleClaim | null;
  req: Request;
  res: Response;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A route as declared: method + path + schemas + handler, typed from the schemas. */
export interface RouteDefinition<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> {
  method: HttpMethod;
  /** Express syntax (`/api/v1/tickets/:ticketId`); OpenAPI gets `{ticketId}`. */
  path: string;
  auth: RouteAuth;
  /** Installation routes only: the role claim the caller must also present (role-access.ts). */
  roles?: RoleRequirement;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * `json-or-form` also accepts application/x-www-form-urlencoded (the survey page's form);
   * `raw` hands the handler the exact bytes as a Buffer (signed webhooks), any content type.
   */
  bodyTypes?: BodyTypes;
  responses: Record<number, ResponseSpec>;
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>;
}

/** A route with its types erased, ready to mount and to document. */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  auth: RouteAuth;
  roles?: RoleRequirement;
  summary: string;
  tag: string;
  schemas: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
  bodyTypes: BodyTypes;
  responses: Record<number, ResponseSpec>;
  /** Validates the raw request against the schemas, then runs the handler. */
  run(
    req: Request,
    res: Response,
    installation: Installation | null,
    claim?: RoleClaim | null,
  ): Promise<Reply>;
}

/**
 * Declares a route. The same zod schemas validate the request here and are rendered into the
 * OpenAPI document (openapi.ts), so the two cannot drift. Validation failures throw a
 * ValidationError (400 VALIDATION_FAILED) naming each bad field, never its value; a NUL character
 * in any string of the params, query or body is one (PostgreSQL text cannot hold it).
 */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<P, Q, B>): ApiRoute {
  const schemas: ApiRoute['schemas'] = {};
  if (definition.params !== undefined) schemas.params = definition.params;
  if (definition.query !== undefined) schemas.query = definition.query;
  if (definition.body !== undefined) schemas.body = definition.body;
  return {
    method: definition.method,
    path: definition.path,
    auth: definition.auth,
    ...(definition.roles === undefined ? {} : { roles: definition.roles }),
    summary: definition.summary,
    tag: definition.tag,
    schemas,
    bodyTypes: definition.bodyTypes ?? 'json',
    responses: definition.responses,
    async run(req, res, installation, claim = null) {
      const params = parsePart(definition.params, req.params, 'params') as Out<P>;
      const query = parsePart(definition.query, req.query, 'query') as Out<Q>;
      const body = parsePart(definition.body, req.body, 'body') as Out<B>;
      if (definition.auth === 'installation' && installation === null) {
        // Mounting guarantees this; a route wired wrongly must fail closed, not open.
        throw new Error(`route ${definition.path} ran without its installation`);
      }
      return definition.handler({
        params,
        query,
        body,
        installation: installation as Installation,
        claim,
        req,
        res,
      });
    },
  };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): unknown {
  if (schema === undefined) return undefined;
  // One check for every text field of every route, present and future: no NUL reaches the store.
  const withNul = pathsWithNul(value).map(
    (path) => `${part}.${path || `(${part})`}: ${NUL_MESSAGE}`,
  );
  if (withNul.length > 0) {
    throw new ValidationError(`invalid request: ${withNul.join('; ')}`, withNul);
  }
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error.issues, `(${part})`).map((i) => `${part}.${i}`);
  throw new ValidationError(`invalid request: ${issues.join('; ')}`, issues);
}

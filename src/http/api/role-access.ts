import type { Request } from 'express';
import { z } from 'zod';
import { deriveRoleClaimKey } from '../../services/app-auth/role-claim-key.js';
import {
  verifyRoleClaim,
  ZendeskRoleSchema,
  type RoleClaim,
} from '../../services/app-auth/role-claim.js';
import type { Installation } from '../../store/store.js';
import { HttpError } from './errors.js';

/**
 * Which role claim a route needs besides the installation's app secret: `any` a valid claim,
 * `admin` a valid claim of a Zendesk admin, `board` one of the installation's `boardRoles`
 * (no claim while that setting is unset).
 */
export type RoleRequirement = 'any' | 'admin' | 'board';

/** The header the app puts the proxy-signed claim in (`{{jwt.token}}`). */
export const ROLE_CLAIM_HEADER = 'x-deskpulse-role-claim';

const BoardRolesSchema = z.array(ZendeskRoleSchema).min(1);

/** The installation's `boardRoles` setting, or null when unset (everyone who opens the app). */
export function boardRolesOf(settings: Record<string, unknown>): string[] | null {
  const parsed = BoardRolesSchema.safeParse(settings['boardRoles']);
  return parsed.success ? parsed.data : null;
}

/**
 * Checks the role claim of a request already authenticated as `installation`: verified with that
 * installation's derived key, so a claim made for another installation fails like a forged one
 * (401); a valid claim whose role the route does not allow is 403 ROLE_FORBIDDEN. Returns the
 * claim, or null when the route needs none.
 */
export function authorizeRole(
  requirement: RoleRequirement,
  req: Request,
  installation: Installation,
  encryptionKey: Buffer,
  nowMs: number,
): RoleClaim | null {
  const allowed =
    requirement === 'admin'
      ? ['admin']
      : requirement === 'board'
        ? boardRolesOf(installation.settings)
        : null;
  if (requirement === 'board' && allowed === null) return null;
  const header = req.headers[ROLE_CLAIM_HEADER];
  const claim = verifyRoleClaim(
    typeof header === 'string' ? header : undefined,
    deriveRoleClaimKey(encryptionKey, installation),
    nowMs,
  );
  if (allowed !== null && !allowed.includes(claim.role)) {
    throw new HttpError(403, 'ROLE_FORBIDDEN', `the role "${claim.role}" may not use this`);
  }
  return claim;
}

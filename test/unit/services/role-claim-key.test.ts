import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveRoleClaimKey } from '../../../src/services/app-auth/role-claim-key.js';
import { verifyRoleClaim } from '../../../src/services/app-auth/role-claim.js';
import { freshClaim } from '../../support/role-claims.js';

const serverKey = randomBytes(32);
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

describe('role claim keys', () => {
  it('differ per installation and change when the app secret is rotated', () => {
    const a = deriveRoleClaimKey(serverKey, { id: 'a', appSecretHash: 'h1' });
    expect(deriveRoleClaimKey(serverKey, { id: 'a', appSecretHash: 'h1' })).toBe(a);
    expect(deriveRoleClaimKey(serverKey, { id: 'b', appSecretHash: 'h1' })).not.toBe(a);
    expect(deriveRoleClaimKey(serverKey, { id: 'a', appSecretHash: 'h2' })).not.toBe(a);
    expect(deriveRoleClaimKey(randomBytes(32), { id: 'a', appSecretHash: 'h1' })).not.toBe(a);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  });

  it('verify a claim signed with the key, and only with it', () => {
    const key = deriveRoleClaimKey(serverKey, { id: 'a', appSecretHash: 'h1' });
    const claim = freshClaim(key, 'admin', NOW, '42');
    expect(verifyRoleClaim(claim, key, NOW)).toEqual({
      userId: '42',
      role: 'admin',
      expiresAt: Math.floor(NOW / 1000) * 1000 + 300_000,
    });
    const rotated = deriveRoleClaimKey(serverKey, { id: 'a', appSecretHash: 'h2' });
    expect(() => verifyRoleClaim(claim, rotated, NOW)).toThrow('not valid');
    // Within the 60 s clock skew it still holds; after, it has expired.
    expect(() => verifyRoleClaim(claim, key, NOW + 359_000)).not.toThrow();
    expect(() => verifyRoleClaim(claim, key, NOW + 361_000)).toThrow('expired');
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  hashAppSecret,
  parseEncryptionKey,
  safeEqual,
} from '../../../src/security/secrets.js';

const key = randomBytes(32);

describe('secrets', () => {
  it('round-trips a secret with a fresh IV each time', () => {
    const one = encryptSecret('zendesk-token/ü', key);
    const two = encryptSecret('zendesk-token/ü', key);
    expect(one.iv).toHaveLength(12);
    expect(one.tag).toHaveLength(16);
    expect(one.iv.equals(two.iv)).toBe(false);
    expect(decryptSecret(one, key)).toBe('zendesk-token/ü');
  });

  it.each([
    ['ciphertext', 'ciphertext'],
    ['tag', 'tag'],
    ['iv', 'iv'],
  ] as const)('rejects a tampered %s', (_label, part) => {
    const secret = encryptSecret('token', key);
    const tampered = { ...secret, [part]: Buffer.from(secret[part]) };
    tampered[part][0] = (tampered[part][0] ?? 0) ^ 1;
    expect(() => decryptSecret(tampered, key)).toThrow();
  });

  it('rejects the wrong key', () => {
    expect(() => decryptSecret(encryptSecret('token', key), randomBytes(32))).toThrow();
  });

  it('parses a 32-byte base64 key and refuses others without echoing them', () => {
    const encoded = key.toString('base64');
    expect(parseEncryptionKey(encoded).equals(key)).toBe(true);
    expect(() => parseEncryptionKey('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey('c2hvcnQ=')).not.toThrow(/c2hvcnQ/);
  });

  it('hashes app secrets with SHA-256 and compares in constant time', () => {
    expect(hashAppSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

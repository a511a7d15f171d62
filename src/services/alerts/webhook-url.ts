import { isIP } from 'node:net';

/**
 * Whether a webhook URL may be called: https only, and not a literal loopback, private,
 * link-local or unspecified address (nor `localhost`), so an installation cannot point the server
 * at its own network. Host names are not resolved here; DNS that answers with a private address
 * is outside this check.
 */
export function isPublicHttpsUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  const family = isIP(host);
  if (family === 4) return !isPrivateV4(host);
  if (family === 6) return !isPrivateV6(host);
  return host.includes('.');
}

function isPrivateV4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isPrivateV6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1] !== undefined) return isPrivateV4(mapped[1]);
  // WHATWG URL writes an IPv4-mapped address in hex (::ffff:a00:1 for 10.0.0.1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return isPrivateV4(
      `${String(high >> 8)}.${String(high & 255)}.${String(low >> 8)}.${String(low & 255)}`,
    );
  }
  return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
}

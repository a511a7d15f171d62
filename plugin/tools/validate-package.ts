import { lstat, readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readPngSize } from './png.js';
import type { Findings } from './validate-manifest.js';
import { validateManifest } from './validate-manifest.js';

/** Logos Zendesk expects, with their exact pixel sizes (app scaffolds; listing and header icons). */
const LOGOS: Record<string, number> = { 'assets/logo.png': 320, 'assets/logo-small.png': 128 };
/** Locations whose icon Zendesk takes from `assets/icon_<location>.svg`. */
const ICON_LOCATIONS = ['nav_bar', 'top_bar', 'ticket_editor'];
/** File types the server's MIME block-list rejects (zendesk_apps_support), by extension. */
const BLOCKED_EXTENSIONS =
  /\.(zip|gz|tgz|rar|7z|pdf|docx?|pptx?|xlsx?|odt|jar|sh|csh|mp3|mpe?g|avi|bin|bz2?|exe)$/i;
/** ... and by content, so a renamed archive is caught too. */
const BLOCKED_MAGIC: [string, number[]][] = [
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip', [0x1f, 0x8b]],
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['rar', [0x52, 0x61, 0x72, 0x21]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
];
const SECRET_PATTERNS: [string, RegExp][] = [
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a bearer token', /\bBearer\s+(?!\{\{)[A-Za-z0-9._~+/-]{20,}/],
  [
    'a hard-coded secret',
    /["']?(?:api[_-]?key|api[_-]?token|app[_-]?secret|password)["']?\s*[:=]\s*["'](?!\{\{)[^"'\s]{12,}["']/i,
  ],
];
/** Files that hold local settings (zcli stores secure values there in clear) never ship. */
const LOCAL_ONLY = new Set(['zcli.apps.config.json', '.env']);

async function listFiles(dir: string, f: Findings): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const full = join(dir, entry);
    const stat = await lstat(full);
    const path = relative(dir, full).split(sep).join('/');
    if (stat.isSymbolicLink())
      f.errors.push(`${path}: symlinks are not allowed in an app package.`);
    else if (stat.isFile()) out.push(path);
  }
  return out.sort();
}

/** Every key path of a nested translation object, e.g. `app.parameters.app_secret.label`. */
export function flattenKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * Validates an assembled app folder (manifest.json at its root) the way Zendesk will on upload.
 * `usedKeys` are the translation keys the app's code looks up; each must exist in every locale.
 */
export async function validateAppDir(
  dir: string,
  usedKeys: readonly string[] = [],
): Promise<Findings> {
  const f: Findings = { errors: [], warnings: [] };
  const files = await listFiles(dir, f);
  const has = new Set(files);
  if (!has.has('manifest.json')) {
    f.errors.push(
      files.some((p) => p.endsWith('/manifest.json'))
        ? 'manifest.json must be at the root of the package, not nested in a folder.'
        : 'manifest.json is missing.',
    );
    return f;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch (e) {
    f.errors.push(`manifest.json is not valid JSON: ${(e as Error).message}`);
    return f;
  }
  const m = validateManifest(manifest, (p) => has.has(p));
  f.errors.push(...m.errors);
  f.warnings.push(...m.warnings);
  await checkTranslations(dir, files, manifest, usedKeys, f);
  for (const [path, size] of Object.entries(LOGOS)) {
    if (!has.has(path)) {
      f.errors.push(`${path} is missing (a ${size}x${size} PNG).`);
      continue;
    }
    const dims = readPngSize(await readFile(join(dir, path)));
    if (dims === null) f.errors.push(`${path} is not a PNG file.`);
    else if (dims.width !== size || dims.height !== size)
      f.errors.push(`${path} is ${dims.width}x${dims.height}; it must be ${size}x${size} pixels.`);
  }
  const locations = JSON.stringify((manifest as { location?: unknown }).location ?? {});
  for (const loc of ICON_LOCATIONS)
    if (locations.includes(`"${loc}"`) && !has.has(`assets/icon_${loc}.svg`))
      f.errors.push(`assets/icon_${loc}.svg is missing (the ${loc} icon).`);
  for (const path of files) await checkFile(dir, path, f);
  return f;
}

async function checkFile(dir: string, path: string, f: Findings) {
  const name = path.split('/').at(-1) ?? path;
  if (LOCAL_ONLY.has(name)) f.errors.push(`${path} holds local settings and must not be packaged.`);
  if (BLOCKED_EXTENSIONS.test(path)) f.errors.push(`${path}: this file type is not allowed.`);
  const bytes = await readFile(join(dir, path));
  for (const [kind, magic] of BLOCKED_MAGIC)
    if (magic.every((b, i) => bytes[i] === b))
      f.errors.push(`${path} is a ${kind} file; archives are not allowed.`);
  if (!/\.(js|html|css|json|svg|txt|map)$/.test(path)) return;
  const text = bytes.toString('utf8');
  for (const [what, re] of SECRET_PATTERNS)
    if (re.test(text)) f.errors.push(`${path} seems to contain ${what}; remove it.`);
  if (/\.(js|html)$/.test(path) && /http:\/\/(?!www\.w3\.org\/|localhost)/.test(text))
    f.warnings.push(`${path} contains an http:// URL; Zendesk warns about insecure URLs.`);
}

async function checkTranslations(
  dir: string,
  files: string[],
  manifest: unknown,
  usedKeys: readonly string[],
  f: Findings,
) {
  const locales = new Map<string, Set<string>>();
  for (const path of files.filter((p) => p.startsWith('translations/'))) {
    const locale = /^translations\/([a-z]{2,3}(?:-\w{2,3})?)\.json$/.exec(path)?.[1];
    if (locale === undefined) {
      f.errors.push(`${path} is not named after a locale (translations/<locale>.json).`);
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(await readFile(join(dir, path), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      locales.set(locale, new Set(flattenKeys(parsed)));
    } catch (e) {
      f.errors.push(`${path} must be a JSON object: ${(e as Error).message}`);
    }
  }
  const defaultLocale = (manifest as { defaultLocale?: unknown }).defaultLocale;
  const base = typeof defaultLocale === 'string' ? locales.get(defaultLocale) : undefined;
  if (base === undefined) return;
  if (!base.has('app.name'))
    f.errors.push(`translations/${String(defaultLocale)}.json: app.name is missing.`);
  const params = (manifest as { parameters?: { name?: unknown }[] }).parameters ?? [];
  for (const p of params)
    if (typeof p.name === 'string' && !base.has(`app.parameters.${p.name}.label`))
      f.errors.push(
        `translations/${String(defaultLocale)}.json: app.parameters.${p.name}.label is missing.`,
      );
  const wanted = new Set([...base, ...usedKeys]);
  for (const [locale, keys] of locales) {
    const missing = [...wanted].filter((k) => !keys.has(k)).sort();
    if (missing.length > 0)
      f.errors.push(
        `translations/${locale}.json is missing ${missing.length} key(s): ${missing.join(', ')}`,
      );
  }
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

/** The Support locations the preview host can show. */
export const PREVIEW_LOCATIONS = [
  'ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'nav_bar',
] as const;
export type PreviewLocation = (typeof PREVIEW_LOCATIONS)[number];

const LocationSchema = z.union([z.string(), z.object({ url: z.string() })]);
const ManifestSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  location: z.object({ support: z.record(z.string(), LocationSchema) }),
  parameters: z.array(z.object({ name: z.string(), secure: z.boolean().optional() })).default([]),
});

/** What the preview host needs from the Zendesk app package. */
export interface AppPackage {
  name: string;
  version: string;
  /** Page of each location, relative to the package root (e.g. `assets/iframe.html`). */
  locations: Partial<Record<PreviewLocation, string>>;
  /** Parameter names by kind: secure ones are substituted by the proxy, never sent to the page. */
  parameters: { secure: string[]; plain: string[] };
  /** Folder holding `assets/`. */
  assetsRoot: string;
}

/** The repository root: the nearest folder above this module with a package.json. */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new ConfigError('cannot find the deskpulse package root');
    dir = parent;
  }
  return dir;
}

/**
 * Reads manifest.json and checks the built assets exist under `assetsRoot` (default plugin/, where
 * `npm run plugin:build` puts `assets/`); fails with what to run when the app has not been built.
 */
export async function loadAppPackage(
  root: string = packageRoot(),
  assetsRoot: string = join(root, 'plugin'),
): Promise<AppPackage> {
  let raw: string;
  try {
    raw = await readFile(join(root, 'manifest.json'), 'utf8');
  } catch {
    throw new ConfigError(`no manifest.json in ${root}: the Zendesk app is missing`);
  }
  const manifest = ManifestSchema.parse(JSON.parse(raw));
  const locations: Partial<Record<PreviewLocation, string>> = {};
  for (const name of PREVIEW_LOCATIONS) {
    const entry = manifest.location.support[name];
    if (entry === undefined) continue;
    const url = typeof entry === 'string' ? entry : entry.url;
    const file = url.split(/[?#]/)[0] ?? url;
    if (!existsSync(join(assetsRoot, file))) {
      throw new ConfigError(`${file} is missing: run npm run plugin:build first`);
    }
    locations[name] = url;
  }
  return {
    name: manifest.name,
    version: manifest.version ?? '0.0.0',
    locations,
    parameters: {
      secure: manifest.parameters.filter((p) => p.secure === true).map((p) => p.name),
      plain: manifest.parameters.filter((p) => p.secure !== true).map((p) => p.name),
    },
    assetsRoot,
  };
}

const ZAF_SDK_TAG =
  /<script\b[^>]*\bsrc=["']https:\/\/static\.zdassets\.com\/zendesk_app_framework_sdk\/[^"']*["'][^>]*>\s*<\/script>/gi;

/** Where the stand-in is served. */
export const STANDIN_PATH = '/preview/zaf/standin.js';

/**
 * The app's HTML with Zendesk's SDK tag pointing at the stand-in, so the page loads offline and
 * talks to the preview host. Fails when there is no SDK tag to rewrite (the page would not run).
 */
export function rewriteAppHtml(html: string): string {
  const out = html.replace(ZAF_SDK_TAG, `<script src="${STANDIN_PATH}"></script>`);
  if (out === html) throw new ConfigError('the app page does not load the ZAF SDK from zdassets');
  return out;
}

/** Resolves a request path inside `root`; null when it would leave it. */
export function fileInside(root: string, requestPath: string): string | null {
  const full = resolve(root, `.${sep}${decodeURIComponent(requestPath)}`);
  const rel = relative(root, full);
  return rel === '' || rel.startsWith('..') || rel.includes(`..${sep}`) ? null : full;
}

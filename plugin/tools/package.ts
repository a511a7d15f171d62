import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPlugin, pluginPaths, usedTranslationKeys } from './build.js';
import type { Findings } from './validate-manifest.js';
import { validateAppDir } from './validate-package.js';

export interface PackageOptions {
  /** Host of the Deskpulse backend, written into domainWhitelist (the proxy only sends secrets there). */
  backendHost?: string | undefined;
  /** Where app/ and the zip go; the repository's dist/ by default. */
  outDir?: string | undefined;
}

/** Bad input to the packager (a malformed --backend-host): one line for the user, no stack. */
export class PackageUsageError extends Error {
  override readonly name = 'PackageUsageError';
}

/**
 * Checks a `--backend-host` value: a host name with an optional port, as domainWhitelist takes
 * it — no scheme, path or credentials (Zendesk compares hosts, and would never match those).
 */
export function checkBackendHost(host: string): string {
  if (!/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i.test(host)) {
    throw new PackageUsageError(
      `--backend-host must be a host name such as deskpulse.example.com (optionally :port), not ${JSON.stringify(host)}`,
    );
  }
  return host;
}

export interface PackageResult extends Findings {
  appDir: string;
  zipPath: string | null;
  files: string[];
}

/**
 * Builds the app into dist/app/assets, assembles dist/app (manifest + assets + translations, nothing else), validates it
 * and, when it passes, writes dist/deskpulse-app-<version>.zip ready for upload.
 */
export async function packagePlugin(
  root: string,
  options: PackageOptions = {},
): Promise<PackageResult> {
  // Checked before anything is built or removed, so a typo costs nothing.
  if (options.backendHost !== undefined) checkBackendHost(options.backendHost);
  const p = pluginPaths(root);
  const outDir = options.outDir ?? join(root, 'dist');
  const appDir = join(outDir, 'app');
  await rm(appDir, { recursive: true, force: true });
  await mkdir(appDir, { recursive: true });
  await buildPlugin(root, join(appDir, 'assets'));
  const manifest = JSON.parse(await readFile(p.manifest, 'utf8')) as Record<string, unknown>;
  if (options.backendHost !== undefined) manifest['domainWhitelist'] = [options.backendHost];
  await writeFile(join(appDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(p.translations, join(appDir, 'translations'), { recursive: true });
  const findings = await validateAppDir(appDir, await usedTranslationKeys(p.src));
  const whitelist = manifest['domainWhitelist'];
  if (Array.isArray(whitelist) && whitelist.every((d) => d === 'localhost'))
    findings.warnings.push(
      'domainWhitelist only lists localhost, so Zendesk will not send the app secret to a real backend: package with --backend-host <your Deskpulse host>.',
    );
  const files = (await readdir(appDir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(appDir.length + 1))
    .sort();
  if (findings.errors.length > 0) return { ...findings, appDir, zipPath: null, files };
  const entries: Zippable = {};
  // Fixed timestamps keep the zip byte-identical across builds of the same sources.
  for (const file of files)
    entries[file] = [
      await readFile(join(appDir, file)),
      { mtime: new Date('2024-01-01T00:00:00Z') },
    ];
  const version = typeof manifest['version'] === 'string' ? manifest['version'] : '0.0.0';
  const zipPath = join(outDir, `deskpulse-app-${version}.zip`);
  await writeFile(zipPath, zipSync(entries, { level: 9 }));
  return { ...findings, appDir, zipPath, files };
}

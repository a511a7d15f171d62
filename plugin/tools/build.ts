import { build } from 'esbuild';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Paths of the app inside the repository, from its root. */
export function pluginPaths(root: string) {
  return {
    src: join(root, 'plugin/src'),
    static: join(root, 'plugin/static'),
    translations: join(root, 'plugin/translations'),
    assets: join(root, 'plugin/assets'),
    manifest: join(root, 'manifest.json'),
  };
}

/**
 * Bundles plugin/src into `outDir` (default plugin/assets; one script, one stylesheet; uPlot and the Garden CSS are
 * bundled in, so the app loads nothing but the ZAF SDK from the network) and copies the static files
 * (iframe.html, logos, nav_bar icon) beside them.
 */
export async function buildPlugin(root: string, outDir?: string): Promise<string[]> {
  const p = pluginPaths(root);
  const out = outDir ?? p.assets;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: { main: join(p.src, 'main.ts') },
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await cp(p.static, out, { recursive: true });
  return (await readdir(out)).sort();
}

/**
 * The translation keys the app's code uses. UI strings are always written as whole `'ui.…'`
 * literals (never assembled from pieces), so a scan of the sources finds every one of them.
 */
export async function usedTranslationKeys(srcDir: string): Promise<string[]> {
  const keys = new Set<string>();
  for (const entry of await readdir(srcDir, { recursive: true })) {
    if (!entry.endsWith('.ts')) continue;
    const text = await readFile(join(srcDir, entry), 'utf8');
    for (const m of text.matchAll(/['"`](ui\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)['"`]/gi))
      if (m[1] !== undefined) keys.add(m[1]);
  }
  return [...keys].sort();
}

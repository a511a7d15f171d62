import { unzipSync } from 'fflate';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usedTranslationKeys } from '../../../plugin/tools/build.js';
import { packagePlugin } from '../../../plugin/tools/package.js';
import type { PackageResult } from '../../../plugin/tools/package.js';
import { encodePng, readPngSize } from '../../../plugin/tools/png.js';
import { validateAppDir } from '../../../plugin/tools/validate-package.js';

const root = resolve(import.meta.dirname, '../../..');
let work: string;
let result: PackageResult;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deskpulse-app-'));
  result = await packagePlugin(root, { outDir: work, backendHost: 'deskpulse.example.com' });
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

/** A copy of the packaged app to break one thing in. */
async function variant(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(work, 'variant-'));
  await cp(result.appDir, dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function editJson(path: string, edit: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(path, JSON.stringify(json));
}

const manifestOf = (dir: string) => join(dir, 'manifest.json');
type Manifest = {
  location: { support: Record<string, unknown> };
  parameters: Record<string, unknown>[];
};

describe('packaging the real app', () => {
  it('builds, validates with no errors and zips manifest, assets and translations only', async () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.files).toEqual([
      'assets/icon_nav_bar.svg',
      'assets/iframe.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'assets/main.css',
      'assets/main.js',
      'manifest.json',
      'translations/en.json',
      'translations/it.json',
    ]);
    expect(result.zipPath).not.toBeNull();
    const zip = unzipSync(await readFile(result.zipPath ?? ''));
    expect(Object.keys(zip).sort()).toEqual(result.files);
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as Record<
      string,
      unknown
    >;
    expect(manifest['domainWhitelist']).toEqual(['deskpulse.example.com']);
    const js = new TextDecoder().decode(zip['assets/main.js']);
    // The secret is only ever a placeholder the Zendesk proxy fills in.
    expect(js).toContain('Bearer {{setting.app_secret}}');
  });

  it('uses only translation keys that exist, and the committed logos have the sizes Zendesk wants', async () => {
    const keys = await usedTranslationKeys(join(root, 'plugin/src'));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys).toContain('ui.timer.title');
    expect(readPngSize(await readFile(join(root, 'plugin/static/logo.png')))).toEqual({
      width: 320,
      height: 320,
    });
    expect(readPngSize(await readFile(join(root, 'plugin/static/logo-small.png')))).toEqual({
      width: 128,
      height: 128,
    });
  });

  it('warns when the package would only whitelist localhost', async () => {
    const local = await packagePlugin(root, { outDir: join(work, 'local') });
    expect(local.errors).toEqual([]);
    expect(local.warnings.join('\n')).toMatch(/--backend-host/);
  }, 60_000);

  it('refuses a backend host that is a URL', async () => {
    await expect(
      packagePlugin(root, { outDir: join(work, 'bad'), backendHost: 'https://x.example.com/' }),
    ).rejects.toThrow(/host name/);
  }, 60_000);
});

describe('validator rejects broken packages with the right message', () => {
  it('a key missing from one locale', async () => {
    const dir = await variant((d) =>
      editJson(join(d, 'translations/it.json'), (j) => {
        delete (j['ui'] as { timer: Record<string, unknown> }).timer['title'];
      }),
    );
    const f = await validateAppDir(dir);
    expect(f.errors).toEqual(['translations/it.json is missing 1 key(s): ui.timer.title']);
  });

  it('a key the code uses that no locale has', async () => {
    const f = await validateAppDir(result.appDir, ['ui.nowhere.to_be_found']);
    expect(f.errors).toContain('translations/en.json is missing 1 key(s): ui.nowhere.to_be_found');
    expect(f.errors).toContain('translations/it.json is missing 1 key(s): ui.nowhere.to_be_found');
  });

  it('a location pointing at a missing asset', async () => {
    const dir = await variant((d) =>
      editJson(manifestOf(d), (j) => {
        (j as Manifest).location.support['ticket_sidebar'] = { url: 'assets/sidebar.html' };
      }),
    );
    expect((await validateAppDir(dir)).errors).toEqual([
      'assets/sidebar.html is either an invalid location URI, refers to a missing asset, or does not use HTTPS.',
    ]);
  });

  it('a remote location over http (https and localhost are fine)', async () => {
    const dir = await variant((d) =>
      editJson(manifestOf(d), (j) => {
        const support = (j as Manifest).location.support;
        support['nav_bar'] = 'http://deskpulse.example.com/board';
        support['user_sidebar'] = { url: 'https://deskpulse.example.com/user' };
        support['organization_sidebar'] = { url: 'http://localhost:4567/org' };
      }),
    );
    expect((await validateAppDir(dir)).errors).toEqual([
      'http://deskpulse.example.com/board is either an invalid location URI, refers to a missing asset, or does not use HTTPS.',
    ]);
  });

  it('a secure parameter without scopes', async () => {
    const dir = await variant((d) =>
      editJson(manifestOf(d), (j) => {
        const secret = (j as Manifest).parameters.find((p) => p['name'] === 'app_secret');
        if (secret) delete secret['scopes'];
      }),
    );
    expect((await validateAppDir(dir)).errors).toEqual([
      'Parameter app_secret is secure but has no scopes: list where the proxy may insert it, e.g. "scopes": ["header"].',
    ]);
  });

  it('a logo of the wrong size', async () => {
    const dir = await variant((d) =>
      writeFile(join(d, 'assets/logo.png'), encodePng(100, 80, new Uint8Array(100 * 80 * 4))),
    );
    expect((await validateAppDir(dir)).errors).toEqual([
      'assets/logo.png is 100x80; it must be 320x320 pixels.',
    ]);
  });

  it('blocked files, secrets and local settings', async () => {
    const dir = await variant(async (d) => {
      await writeFile(join(d, 'assets/source.zip'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
      await writeFile(join(d, 'assets/keys.js'), 'const k = "AKIAABCDEFGHIJKLMNOP";');
      await writeFile(join(d, 'zcli.apps.config.json'), '{"parameters":{}}');
    });
    expect((await validateAppDir(dir)).errors).toEqual([
      'assets/keys.js seems to contain an AWS access key; remove it.',
      'assets/source.zip: this file type is not allowed.',
      'assets/source.zip is a zip file; archives are not allowed.',
      'zcli.apps.config.json holds local settings and must not be packaged.',
    ]);
  });

  it('framework version, reserved parameter names, missing author and nav_bar icon', async () => {
    const dir = await variant(async (d) => {
      await editJson(manifestOf(d), (j) => {
        j['frameworkVersion'] = '1.0';
        delete j['author'];
        (j as Manifest).parameters.push({ name: 'name', type: 'password' });
      });
      await rm(join(d, 'assets/icon_nav_bar.svg'));
    });
    expect((await validateAppDir(dir)).errors).toEqual([
      'Missing required field in manifest: author',
      '"1.0" is not a valid framework version. Available versions are: 2.0.',
      "Can't call a parameter 'name'",
      "Parameter name: the 'password' type is deprecated; use secure: true.",
      'translations/en.json: app.parameters.name.label is missing.',
      'assets/icon_nav_bar.svg is missing (the nav_bar icon).',
    ]);
  });
});

import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlugin, pluginPaths } from './build.js';
import { drawLogo, navBarIconSvg } from './logos.js';
import { PackageUsageError, packagePlugin } from './package.js';
import { validateAppDir } from './validate-package.js';

/** Compiled to dist/plugin-tools/cli.js, two levels below the repository root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [command, ...args] = process.argv.slice(2);

function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  // A flag at the end (or followed by another flag) would otherwise fall back silently.
  if (value === undefined || value.startsWith('--'))
    throw new PackageUsageError(`--${name} needs a value`);
  return value;
}

function report(findings: { errors: string[]; warnings: string[] }): boolean {
  for (const w of findings.warnings) console.warn(`warning: ${w}`);
  for (const e of findings.errors) console.error(`error: ${e}`);
  return findings.errors.length === 0;
}

try {
  switch (command) {
    case 'build': {
      const files = await buildPlugin(root);
      console.log(`plugin/assets: ${files.join(', ')}`);
      break;
    }
    case 'package': {
      const result = await packagePlugin(root, {
        backendHost: option('backend-host') ?? process.env['DESKPULSE_BACKEND_HOST'],
      });
      const ok = report(result);
      console.log(`${result.appDir}: ${result.files.length} files`);
      if (!ok || result.zipPath === null) {
        console.error('The app package is invalid; fix the errors above.');
        process.exitCode = 1;
      } else console.log(`wrote ${result.zipPath}`);
      break;
    }
    case 'validate': {
      const dir = resolve(option('dir') ?? join(root, 'dist/app'));
      if (!report(await validateAppDir(dir))) process.exitCode = 1;
      else console.log(`${dir}: valid`);
      break;
    }
    case 'logos': {
      const out = pluginPaths(root).static;
      await writeFile(join(out, 'logo.png'), drawLogo(320));
      await writeFile(join(out, 'logo-small.png'), drawLogo(128));
      await writeFile(join(out, 'icon_nav_bar.svg'), navBarIconSvg());
      console.log(`wrote logos to ${out}`);
      break;
    }
    default:
      console.error(
        'usage: plugin-tools build | package [--backend-host HOST] | validate [--dir DIR] | logos',
      );
      process.exitCode = 2;
  }
} catch (error) {
  // Bad input is the user's to fix: one line and exit 2; anything else keeps its stack.
  if (!(error instanceof PackageUsageError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}

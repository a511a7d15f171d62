import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../preview/app-package.js';

/**
 * The installed deskpulse version, read from its package.json at run time: the file sits beside
 * `src/` and `dist/` alike, so the built and the source CLI print the same number.
 */
export function packageVersion(): string {
  const text = readFileSync(join(packageRoot(import.meta.url), 'package.json'), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}

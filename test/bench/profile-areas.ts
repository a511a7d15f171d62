/**
 * The area a frame's self time is charged to: its npm package, its source folder (two levels
 * under dist/ or src/), `node:` internals, or V8's own pseudo-frames such as the GC.
 */
export function areaOfUrl(where: string, name: string): string {
  // Natives (writev, JSON's parse and stringify) have no file: their name says what they do.
  if (where === '') return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1];
  if (pkg !== undefined) return pkg;
  if (where.startsWith('node:')) return 'node: internals';
  const parts = where.replace(/^dist\//, '').split('/');
  return parts.slice(0, Math.min(3, parts.length - 1)).join('/');
}

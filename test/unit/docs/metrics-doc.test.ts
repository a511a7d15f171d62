import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../src/http/api/openapi.js';
import { KPI_IDS } from '../../../src/metrics/kpi-registry.js';

const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('docs/metrics.md', () => {
  it('defines every KPI of the registry in a section of its own', async () => {
    const doc = await read('docs/metrics.md');
    const headings = doc.split('\n').filter((line) => line.startsWith('## '));
    for (const id of KPI_IDS) expect(headings.join('\n')).toContain(`\`${id}\``);
  });

  it('is what the README and the API document point to, not a file outside the repository', async () => {
    const readme = await read('README.md');
    expect(readme).toContain('(docs/metrics.md)');
    expect(readme).not.toContain('../shared/reference/metrics.md');
    const info = buildOpenApiDocument([], '0').info;
    expect(info.description).toContain('docs/metrics.md');
  });
});

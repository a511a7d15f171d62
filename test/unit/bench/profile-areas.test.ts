import { describe, expect, it } from 'vitest';
import { areaOfUrl } from '../../bench/profile-areas.js';

describe('areaOfUrl', () => {
  it.each([
    ['../../main/node_modules/pg/lib/result.js', 'parseRow', 'pg'],
    ['../../main/node_modules/@bull-board/api/dist/index.js', 'x', '@bull-board/api'],
    ['node_modules/zod/v4/core/schemas.js', 'inst._zod.parse', 'zod'],
    ['dist/src/services/pipeline/rollup-day.js', 'rollupDay', 'src/services/pipeline'],
    ['dist/src/errors.js', 'AppError', 'src'],
    ['jobs/worker.js', 'startWorker', 'jobs'],
    ['node:internal/modules/cjs/loader', 'wrapSafe', 'node: internals'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'writev', 'writev'],
  ])('%s (%s) is charged to %s', (where, name, area) => {
    expect(areaOfUrl(where, name)).toBe(area);
  });
});

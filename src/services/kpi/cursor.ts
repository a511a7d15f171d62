import { z } from 'zod';
import { SafeTextSchema } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';

/** Where a drill-down continues: the scan phase and the last ticket id it returned or passed. */
export interface Cursor {
  phase: 'start' | 'created' | 'solved' | 'survey' | 'backlog';
  after?: string;
}

const CursorSchema = z.object({
  phase: z.enum(['created', 'solved', 'survey', 'backlog']),
  // The cursor is decoded from base64, so the request's own NUL check never saw this text.
  after: SafeTextSchema.min(1).max(500),
});

/** Opaque to clients: base64url of a small JSON object. */
export function encodeCursor(cursor: { phase: Cursor['phase']; after: string }): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor {
  if (text === undefined || text === '') return { phase: 'start' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success) {
    throw new ValidationError('invalid cursor: pass back nextCursor unchanged', [
      'cursor: not a cursor this API issued',
    ]);
  }
  return result.data;
}

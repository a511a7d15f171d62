import { sql as initial } from './001-initial.js';

/** One schema change; `version` orders them and is what `schema_migrations` records. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration, oldest first. SQL lives in .ts modules so it ships inside the compiled code and
 * needs no file copying for `dist/`. Append only: never edit a migration that has been released.
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'initial', sql: initial }];

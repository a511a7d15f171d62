import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { StoreError, toStoreError } from './errors.js';

/** Values the store passes as query parameters (jsonb goes in as JSON text, bytea as Buffer). */
export type SqlParam = string | number | boolean | null | Buffer | readonly string[];

/**
 * The smallest surface the store needs from a SQL connection. Both adapters speak the same SQL, so
 * the store, its migrations and its tests are written once.
 */
export interface SqlClient {
  /** `pg` talks to a PostgreSQL server; `pglite` is the embedded WASM build (single connection). */
  readonly kind: 'pg' | 'pglite';
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the row shape its SQL selects; nothing could check one against the other
  query<T>(
    text: string,
    params?: readonly SqlParam[],
    options?: QueryOptions,
  ): Promise<{ rows: T[] }>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside a
   * transaction, `transaction` joins the outer one (no savepoints): a failure anywhere undoes it all.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * The bytes of `COPY (select) TO … (FORMAT binary)` (read them with copy-binary.ts). For reads
   * of megabytes of bytea and arrays: a query's rows come in the text protocol, where bytea and
   * arrays must be rendered as text by PostgreSQL and decoded to strings and back by the driver;
   * COPY's binary rows carry the values as stored. COPY takes no parameters: `select` must have
   * its values inlined as literals (sql-literal.ts).
   */
  copyOut(select: string): Promise<Uint8Array>;
  /** Releases the pool or the database; idempotent. */
  close(): Promise<void>;
}

/** How a query is sent. */
export interface QueryOptions {
  /**
   * Names a server-side prepared statement for a hot read whose text never changes (one name,
   * one text): each pooled connection parses it once and PostgreSQL may keep a generic plan, so
   * later calls skip parsing and planning. PGlite, in process, ignores it.
   */
  prepareAs?: string;
}

/** Rethrows driver errors as {@link StoreError}s so callers can tell retryable from fatal. */
function guard<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw toStoreError(error);
  });
}

/** Options of {@link createPgClient}. */
export interface PgClientOptions {
  /** Schema to put first on `search_path` (tests use a fresh one per file). */
  schema?: string;
  /** Pool size when the pool is created here. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * A client on a PostgreSQL server through a `pg` pool. Plain queries use any pooled connection; a
 * transaction holds one dedicated connection from BEGIN to COMMIT/ROLLBACK. A pool passed in is
 * borrowed and not ended by `close()`.
 */
export function createPgClient(source: string | pg.Pool, options: PgClientOptions = {}): SqlClient {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(`invalid schema name: ${schema}`);
  }
  const owned = typeof source === 'string';
  const pool =
    typeof source === 'string'
      ? new pg.Pool({
          connectionString: source,
          max: options.maxConnections ?? 10,
          // Set at connect time so every pooled connection, including transaction ones, sees it.
          ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
        })
      : source;
  if (!owned && schema !== undefined) {
    // A borrowed pool already has connections we cannot reconfigure reliably.
    throw new StoreError('schema can only be set on a pool created from a connection string');
  }
  // An idle client's network error would otherwise crash the process as an unhandled 'error'.
  pool.on('error', () => undefined);
  let closed = false;

  const onConnection = (conn: pg.PoolClient): SqlClient => {
    const self: SqlClient = {
      kind: 'pg',
      query: (text, params = [], options = {}) =>
        guard(conn.query<never>(pgQuery(text, params, options))),
      transaction: (fn) => fn(self),
      copyOut: (select) => guard(copyOutOn(conn, select)),
      close: () => Promise.resolve(),
    };
    return self;
  };

  return {
    kind: 'pg',
    // `never` rows fit any caller-named row type; the caller owns that claim (see SqlClient.query).
    query: (text, params = [], options = {}) =>
      guard(pool.query<never>(pgQuery(text, params, options))),
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> =>
      withConnection(pool, async (conn, breakIt) => {
        try {
          await guard(conn.query('BEGIN'));
          const value = await fn(onConnection(conn));
          await guard(conn.query('COMMIT'));
          return value;
        } catch (error) {
          // A connection that cannot roll back must not go back to the pool.
          await conn.query('ROLLBACK').catch(breakIt);
          throw error;
        }
      }),
    copyOut: (select) =>
      withConnection(pool, async (conn, breakIt) => {
        try {
          return await guard(copyOutOn(conn, select));
        } catch (error) {
          // A COPY that failed part way may leave the connection mid-protocol: not reused.
          breakIt(error);
          throw error;
        }
      }),
    close: async () => {
      if (closed || !owned) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A `pg` query config: named (prepared) when the caller asked for it. */
function pgQuery(text: string, params: readonly SqlParam[], options: QueryOptions): pg.QueryConfig {
  const values = params as unknown[];
  return options.prepareAs === undefined
    ? { text, values }
    : { name: options.prepareAs, text, values };
}

/**
 * Runs `use` on a connection of its own, then returns it to the pool, or discards it if `use`
 * called `breakIt` or the connection was lost meanwhile. The pool listens for errors only on idle
 * connections: one lost while checked out here (a server restart mid-transaction) would emit an
 * unhandled 'error' and crash the process. Its pending and later queries reject on their own.
 */
async function withConnection<T>(
  pool: pg.Pool,
  use: (conn: pg.PoolClient, breakIt: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  const conn = await guard(pool.connect());
  let broken: unknown;
  const breakIt = (error: unknown): void => {
    broken = error;
  };
  conn.on('error', breakIt);
  try {
    return await use(conn, breakIt);
  } finally {
    conn.off('error', breakIt);
    conn.release(broken instanceof Error ? broken : undefined);
  }
}

async function copyOutOn(conn: pg.PoolClient, select: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of conn.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`)))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Options of {@link createPgliteClient}. */
export interface PgliteClientOptions {
  /** Directory for the database files; in memory when undefined (tests). */
  dataDir?: string;
}

/**
 * A client on embedded PGlite, the zero-service default. PGlite is one connection that serialises
 * queries, so a transaction excludes every other query until it ends — the same isolation a
 * server gives, by brute force.
 */
export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  const db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  let closed = false;

  const wrap = (tx: PgliteTransaction): SqlClient => {
    const self: SqlClient = {
      kind: 'pglite',
      query: (text, params = []) => guard(tx.query(text, params as unknown[])),
      transaction: (fn) => fn(self),
      copyOut: (select) => guard(copyOutOf(tx, select)),
      close: () => Promise.resolve(),
    };
    return self;
  };

  return {
    kind: 'pglite',
    query: (text, params = []) => guard(db.query(text, params as unknown[])),
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
    copyOut: (select) => guard(copyOutOf(db, select)),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

/** PGlite writes a COPY to its virtual `/dev/blob` and returns it with the result. */
async function copyOutOf(db: PGlite | PgliteTransaction, select: string): Promise<Uint8Array> {
  const { blob } = await db.query(`COPY (${select}) TO '/dev/blob' (FORMAT binary)`);
  if (blob === undefined) throw new StoreError('COPY returned no data');
  return new Uint8Array(await blob.arrayBuffer());
}

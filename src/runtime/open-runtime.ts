import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { openStore, type TicketStore } from '../store/index.js';
import { parseEncryptionKey } from '../security/secrets.js';
import { lockDataDir } from './data-dir-lock.js';

/** The store and credentials key every composition root starts from. */
export interface Runtime {
  mode: 'embedded' | 'production';
  store: TicketStore;
  encryptionKey: Buffer;
}

/** What the caller is and whether it may start a new embedded database. */
export interface OpenRuntimeOptions {
  /** Who holds DATA_DIR's lock, named to any other process refused it (`deskpulse serve`). */
  command?: string;
  /**
   * Refuse a DATA_DIR with no database (a mistyped folder) instead of creating an empty one:
   * for commands that read an existing installation. `install`, `serve` and `demo` may create.
   */
  existing?: boolean;
}

const KEY_FILE = 'encryption.key';
// PostgreSQL writes this file when it initialises a data directory; PGlite does too.
const DATABASE_MARKER = join('pglite', 'PG_VERSION');

/**
 * Opens the store for the configured mode (PostgreSQL with DATABASE_URL, else PGlite under
 * DATA_DIR) and resolves the credentials key: ENCRYPTION_KEY when set, else — embedded mode
 * only — `DATA_DIR/encryption.key`, created on first start with mode 0600. Production mode
 * never creates a key: every process must share one, so it has to come from the environment.
 * Embedded mode takes DATA_DIR's lock first (PGlite serves one process at a time) and releases
 * it when the store closes.
 */
export async function openRuntime(
  config: Config,
  options: OpenRuntimeOptions = {},
): Promise<Runtime> {
  const mode = config.REDIS_URL === undefined ? 'embedded' : 'production';
  if (config.DATABASE_URL !== undefined) {
    const encryptionKey =
      config.ENCRYPTION_KEY === undefined
        ? await embeddedKey(config)
        : parseEncryptionKey(config.ENCRYPTION_KEY);
    const store = await openStore({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
    });
    return { mode, store, encryptionKey };
  }
  if (options.existing === true && !(await exists(join(config.DATA_DIR, DATABASE_MARKER)))) {
    throw new ConfigError(
      `DATA_DIR ${config.DATA_DIR}: no Deskpulse database there; check DATA_DIR, or run deskpulse install first`,
    );
  }
  const encryptionKey =
    config.ENCRYPTION_KEY === undefined
      ? await embeddedKey(config)
      : parseEncryptionKey(config.ENCRYPTION_KEY);
  await mkdir(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(config.DATA_DIR, options.command ?? 'deskpulse');
  let store: TicketStore;
  try {
    store = await openStore({ dataDir: join(config.DATA_DIR, 'pglite') });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const closeStore = store.close.bind(store);
  // Every caller closes the store when done; the lock goes with it.
  store.close = async () => {
    try {
      await closeStore();
    } finally {
      await lock.release();
    }
  };
  return { mode, store, encryptionKey };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function embeddedKey(config: Config): Promise<Buffer> {
  if (config.DATABASE_URL !== undefined || config.REDIS_URL !== undefined) {
    throw new ConfigError('ENCRYPTION_KEY: required in production mode (DATABASE_URL/REDIS_URL)');
  }
  const path = join(config.DATA_DIR, KEY_FILE);
  try {
    return parseEncryptionKey((await readFile(path, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`${path}: unreadable or not base64 of 32 bytes`);
    }
  }
  await mkdir(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    // `wx`: if another process created it meanwhile, fail and read theirs rather than overwrite.
    await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return parseEncryptionKey((await readFile(path, 'utf8')).trim());
  }
}

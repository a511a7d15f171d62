import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { openStore, type TicketStore } from '../store/index.js';
import { parseEncryptionKey } from '../security/secrets.js';

/** The store and credentials key every composition root starts from. */
export interface Runtime {
  mode: 'embedded' | 'production';
  store: TicketStore;
  encryptionKey: Buffer;
}

const KEY_FILE = 'encryption.key';

/**
 * Opens the store for the configured mode (PostgreSQL with DATABASE_URL, else PGlite under
 * DATA_DIR) and resolves the credentials key: ENCRYPTION_KEY when set, else — embedded mode
 * only — `DATA_DIR/encryption.key`, created on first start with mode 0600. Production mode
 * never creates a key: every process must share one, so it has to come from the environment.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const mode = config.REDIS_URL === undefined ? 'embedded' : 'production';
  const encryptionKey =
    config.ENCRYPTION_KEY === undefined
      ? await embeddedKey(config)
      : parseEncryptionKey(config.ENCRYPTION_KEY);
  const store = await openStore(
    config.DATABASE_URL === undefined
      ? { dataDir: join(config.DATA_DIR, 'pglite') }
      : { databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA },
  );
  return { mode, store, encryptionKey };
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

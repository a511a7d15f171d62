import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_URL } from '../support/test-schema.js';

// The machine's real services; .ci/run starts them when they are down and fails if it cannot.
const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('real services for the integration suite', () => {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const client = new pg.Client({ connectionString: DATABASE_URL });

  afterAll(async () => {
    redis.disconnect();
    await client.end().catch(() => undefined);
  });

  it('PostgreSQL answers a query', async () => {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version()');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('Redis answers PING and round-trips a key', async () => {
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    const key = `deskpulse-test-${crypto.randomUUID()}`;
    await redis.set(key, 'ok', 'EX', 10);
    expect(await redis.get(key)).toBe('ok');
    await redis.del(key);
  });
});

import { Redis } from 'ioredis';

/** A Redis PING for readiness probes, on a connection of its own. */
export interface RedisHealth {
  ping(): Promise<void>;
  close(): void;
}

/**
 * Connects lazily and fails fast: a probe must answer "down" quickly, not queue its command
 * behind reconnect attempts the way BullMQ's own connections (rightly) do.
 */
export function createRedisHealth(redisUrl: string): RedisHealth {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // Connection errors surface through ping(); the listener keeps them from being unhandled.
  redis.on('error', () => undefined);
  return {
    async ping() {
      if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
      await redis.ping();
    },
    close() {
      redis.disconnect();
    },
  };
}

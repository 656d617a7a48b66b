// A connection with the scripts defined, a random key namespace per test, and cleanup.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { connectRedis, redisReady } from '../../../src/io/redis/connection';
import { RedisKeys } from '../../../src/io/redis/keys';
import { ensureSharedRedis, randomKeyPrefix } from '../../helpers/redis';

export interface RedisFixture {
  redis: Redis;
  keys: RedisKeys;
  cleanup(): Promise<void>;
}

export const silent = pino({ level: 'silent' });

export async function redisFixture(name: string, url?: string): Promise<RedisFixture> {
  const redis = connectRedis(url ?? (await ensureSharedRedis()), silent);
  await redisReady(redis);
  const keys = new RedisKeys(randomKeyPrefix(name), 'g');
  return {
    redis,
    keys,
    async cleanup() {
      const found = await redis.keys(keys.pattern().replace(/[{}]/g, (c) => `\\${c}`));
      if (found.length > 0) await redis.del(...found);
      redis.disconnect();
    },
  };
}

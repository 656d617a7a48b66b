// Opening ioredis connections the way the Kafka mode needs them: commands fail fast while Redis
// is away (one retry), instead of queueing without bound, so the operator's own retry loop can
// keep the consumer group alive (heartbeats) and report the outage in /health; the connection
// reconnects by itself in the background.

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { defineScripts } from './scripts';

export interface RedisHealth {
  readonly ok: boolean;
  /** what is wrong, for /health */
  readonly problem: string | null;
}

export function connectRedis(url: string, log: Logger, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // back off to at most 1 s between reconnects: an outage ends when Redis answers again
    retryStrategy: (times) => Math.min(50 * times, 1000),
    lazyConnect: false,
    ...extra,
  });
  defineScripts(redis);
  let down = false;
  redis.on('error', (e: Error) => {
    if (!down) log.warn({ err: e.message }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis connection back');
    down = false;
  });
  return redis;
}

export function redisHealth(redis: Redis): RedisHealth {
  if (redis.status === 'ready') return { ok: true, problem: null };
  return { ok: false, problem: `redis ${redis.status}` };
}

/** Resolves once the connection is ready (or rejects after `timeoutMs`). */
export function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms (${redis.status})`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

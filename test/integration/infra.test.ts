// The real servers the project relies on: a Kafka broker (round trip, transactions) and Redis
// (round trip, AOF persistence across restarts). No mocks; when a server cannot be started the
// setup throws and these tests fail.
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { connectProducer, consume, ensureKafka, KAFKA_SETUP_TIMEOUT_MS, kafkaTestContext, KafkaTestContext, produce } from '../helpers/kafka';
import { ensureSharedRedis, PrivateRedis, randomKeyPrefix, startPrivateRedis } from '../helpers/redis';

describe('Kafka broker', () => {
  let ctx: KafkaTestContext;

  beforeAll(async () => {
    await ensureKafka();
    ctx = await kafkaTestContext('infra');
  }, KAFKA_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('round-trips messages with keys and headers', async () => {
    const topic = ctx.topic('roundtrip');
    await ctx.createTopics([topic], { partitions: 2 });
    const sent = Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: JSON.stringify({ i }), headers: { n: String(i) } }));
    await produce(ctx.brokers, topic, sent);

    const got = await consume(ctx.brokers, topic, { count: sent.length, groupId: ctx.group('roundtrip') });

    const byValue = (a: { value: string | null }, b: { value: string | null }) => String(a.value).localeCompare(String(b.value));
    expect(got.map((m) => ({ key: m.key, value: m.value, headers: m.headers })).sort(byValue)).toEqual(
      sent.map((m) => ({ key: m.key, value: m.value, headers: m.headers })).sort(byValue),
    );
    // one key always lands on one partition
    for (const key of ['k0', 'k1', 'k2']) expect(new Set(got.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
  });

  it('commits and aborts transactions: read_committed sees only committed records', async () => {
    const input = ctx.topic('tx-in');
    const output = ctx.topic('tx-out');
    const groupId = ctx.group('tx');
    await ctx.createTopics([input, output]);
    await produce(ctx.brokers, input, [{ value: 'in-0' }]);

    const producer = await connectProducer(ctx.brokers, { transactionalId: ctx.transactionalId('tx'), idempotent: true, maxInFlightRequests: 1 });
    try {
      // fence older instances at start (kafkajs initialises the producer id lazily, on the first transaction)
      await (await producer.transaction()).abort();

      // consume-transform-produce: output records and the input offset commit in one transaction
      const t1 = await producer.transaction();
      await t1.send({ topic: output, messages: [{ key: 'a', value: 'committed-1' }, { key: 'a', value: 'committed-2' }] });
      await t1.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '1' }] }] });
      await t1.commit();

      const t2 = await producer.transaction();
      await t2.send({ topic: output, messages: [{ key: 'a', value: 'aborted-1' }, { key: 'a', value: 'aborted-2' }] });
      await t2.abort();

      const t3 = await producer.transaction();
      await t3.send({ topic: output, messages: [{ key: 'a', value: 'committed-3' }] });
      await t3.commit();
    } finally {
      await producer.disconnect();
    }

    const last = (m: { value: string | null }) => m.value === 'committed-3';
    const committed = await consume(ctx.brokers, output, { until: last, groupId: ctx.group('read-committed') });
    expect(committed.map((m) => m.value)).toEqual(['committed-1', 'committed-2', 'committed-3']);

    // the aborted records were really written: a read_uncommitted reader sees them
    const everything = await consume(ctx.brokers, output, { until: last, readUncommitted: true, groupId: ctx.group('read-uncommitted') });
    expect(everything.map((m) => m.value)).toEqual(['committed-1', 'committed-2', 'aborted-1', 'aborted-2', 'committed-3']);

    const offsets = await ctx.admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets).toEqual([{ topic: input, partitions: [expect.objectContaining({ partition: 0, offset: '1' })] }]);
  });
});

describe('Redis', () => {
  it('round-trips values through the shared Redis (scripts/redis.sh ensure)', async () => {
    const url = await ensureSharedRedis();
    const prefix = randomKeyPrefix('infra');
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      await redis.set(`${prefix}s`, 'v', 'PX', 60_000);
      await redis.hset(`${prefix}h`, { a: '1', b: '2' });
      await redis.rpush(`${prefix}l`, 'x', 'y');
      expect(await redis.get(`${prefix}s`)).toBe('v');
      expect(await redis.hgetall(`${prefix}h`)).toEqual({ a: '1', b: '2' });
      expect(await redis.lrange(`${prefix}l`, 0, -1)).toEqual(['x', 'y']);
      expect(await redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, `${prefix}n`, 5)).toBe(5);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }, 5 * 60_000);

  describe('private Redis with AOF', () => {
    let server: PrivateRedis;

    beforeAll(async () => {
      server = await startPrivateRedis();
    }, 5 * 60_000);

    afterAll(async () => {
      await server?.cleanup();
    });

    async function withClient<T>(fn: (r: Redis) => Promise<T>): Promise<T> {
      const r = new Redis(server.url, { maxRetriesPerRequest: 1 });
      try {
        return await fn(r);
      } finally {
        r.disconnect();
      }
    }

    it('keeps its data across a graceful restart and a crash (appendfsync always)', async () => {
      expect(await withClient((r) => r.config('GET', 'appendonly'))).toEqual(['appendonly', 'yes']);
      await withClient(async (r) => {
        await r.set('k', 'before-restart');
        await r.incrby('n', 3);
        await r.hset('h', { f: 'v' });
        await r.rpush('l', 'a', 'b');
      });

      await server.restart();
      expect(server.running).toBe(true);
      await withClient(async (r) => {
        expect(await r.get('k')).toBe('before-restart');
        expect(await r.get('n')).toBe('3');
        expect(await r.hgetall('h')).toEqual({ f: 'v' });
        expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b']);
        await r.set('k', 'before-crash');
        await r.incr('n');
      });

      await server.restart({ crash: true }); // SIGKILL: nothing is flushed on the way out
      await withClient(async (r) => {
        expect(await r.get('k')).toBe('before-crash');
        expect(await r.get('n')).toBe('4');
        expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b']);
      });
      expect(fs.readdirSync(path.join(server.dir, 'appendonlydir')).some((f) => f.endsWith('.aof'))).toBe(true);
    }, 60_000);
  });
});

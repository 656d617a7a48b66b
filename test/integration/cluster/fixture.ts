// A Kafka-mode service against the real broker and Redis, in this process: random topics, group,
// transactional ids and Redis key prefix per test, all deleted by cleanup().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config';
import { type KafkaServiceOptions, type RunningKafkaService, startKafkaService } from '../../../src/cluster/kafka-service';
import { createRootLogger } from '../../../src/log';
import { type KafkaTestContext, type ConsumedMessage, connectProducer, consume, kafkaTestContext } from '../../helpers/kafka';
import { ensureSharedRedis, randomKeyPrefix } from '../../helpers/redis';
import { Redis } from 'ioredis';

export interface ClusterFixture {
  kafka: KafkaTestContext;
  source: string;
  alertTopic: string;
  dlqTopic: string;
  groupId: string;
  redisUrl: string;
  redisPrefix: string;
  rulesDir: string;
  /** the env a service of this fixture starts with (also for child processes) */
  env: Record<string, string>;
  logs: Record<string, unknown>[];
  start(extra?: Record<string, string>, options?: KafkaServiceOptions): Promise<RunningKafkaService>;
  produce(events: readonly object[], partition?: number): Promise<void>;
  /** with the record key taken from a field, so the default partitioner keeps a key on one partition */
  produceKeyed(events: readonly Record<string, unknown>[], field: string): Promise<void>;
  produceRaw(values: readonly string[], partition?: number): Promise<void>;
  alerts(opts: { count?: number; until?: (m: ConsumedMessage) => boolean; timeoutMs?: number }): Promise<ConsumedMessage[]>;
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  rules: (sourceTopic: string) => string;
  partitions?: number;
}

export async function clusterFixture(name: string, o: FixtureOptions): Promise<ClusterFixture> {
  const kafka = await kafkaTestContext(name);
  const redisUrl = await ensureSharedRedis();
  const source = kafka.topic('events');
  const alertTopic = kafka.topic('alerts');
  const dlqTopic = kafka.topic('dlq');
  await kafka.createTopics([source], { partitions: o.partitions ?? 1 });
  await kafka.createTopics([alertTopic, dlqTopic]);
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-rules-'));
  fs.writeFileSync(path.join(rulesDir, 'rules.cep'), o.rules(source));
  const redisPrefix = randomKeyPrefix(name);
  const groupId = kafka.group('svc');
  const env: Record<string, string> = {
    CEPHEUS_PORT: '0',
    CEPHEUS_RULES: rulesDir,
    CEPHEUS_DATA: path.join(rulesDir, 'data'),
    KAFKA_BROKERS: kafka.brokers.join(','),
    REDIS_URL: redisUrl,
    CEPHEUS_GROUP_ID: groupId,
    CEPHEUS_ALERT_TOPIC: alertTopic,
    CEPHEUS_DLQ_TOPIC: dlqTopic,
    CEPHEUS_SNAPSHOT_INTERVAL: '300ms',
    CEPHEUS_REDIS_PREFIX: redisPrefix,
    CEPHEUS_RATE_LIMIT: '0',
    CEPHEUS_SESSION_TIMEOUT: '6s',
    LOG_LEVEL: 'info',
  };
  const services: RunningKafkaService[] = [];
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const producer = await connectProducer(kafka.brokers, { idempotent: true });
  return {
    kafka, source, alertTopic, dlqTopic, groupId, redisUrl, redisPrefix, rulesDir, env, logs,
    async start(extra = {}, options = {}) {
      const config = loadConfig({ ...env, ...extra });
      const svc = await startKafkaService(config, createRootLogger('info', sink), { env: { ...env, ...extra }, ...options });
      services.push(svc);
      await svc.ready;
      return svc;
    },
    async produce(events, partition) {
      await producer.send({ topic: source, acks: -1, messages: events.map((e) => ({ value: JSON.stringify(e), partition })) });
    },
    async produceKeyed(events, field) {
      await producer.send({ topic: source, acks: -1, messages: events.map((e) => ({ key: String(e[field]), value: JSON.stringify(e) })) });
    },
    async produceRaw(values, partition) {
      await producer.send({ topic: source, acks: -1, messages: values.map((value) => ({ value, partition })) });
    },
    alerts(opts) {
      return consume(kafka.brokers, alertTopic, { timeoutMs: 20_000, ...opts });
    },
    async cleanup() {
      for (const s of services) await s.stop().catch(() => undefined);
      await producer.disconnect();
      // topics the service made (repartition topics) carry the group name, which has the prefix
      const own = (await kafka.admin.listTopics()).filter((t) => t.startsWith(kafka.prefix) && ![source, alertTopic, dlqTopic].includes(t));
      if (own.length > 0) await kafka.admin.deleteTopics({ topics: own, timeout: 10_000 }).catch(() => undefined);
      await kafka.cleanup();
      await deleteKeys(redisUrl, redisPrefix);
      fs.rmSync(rulesDir, { recursive: true, force: true });
    },
  };
}

export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\{}]/g, (c) => `\\${c}`)}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** a -> b per user within 1 minute: a match once an event past b moves the watermark */
export function sequenceRules(topic: string): string {
  return `
source tx {
  topic "${topic}"
  time ts
  watermark 0ms
}

rule seq {
  severity high
  from tx
  key user
  pattern a -> b
  where
    a: type == "a"
    b: type == "b"
  within 1m
  emit { user: key }
}
`;
}

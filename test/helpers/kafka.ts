// A real Kafka broker for integration tests (never mocks). See doc/local-servers.md.
//
//   const kafka = await kafkaTestContext('my-test');   // ensures the broker, random name prefix
//   const topic = kafka.topic('events');                // "<prefix>events"
//   await kafka.createTopics([topic], { partitions: 2 });
//   await produce(kafka.brokers, topic, [{ key: 'k', value: 'v' }]);
//   const got = await consume(kafka.brokers, topic, { count: 1 });
//   await kafka.cleanup();                              // deletes the topics it created, disconnects
//
// ensureKafka() uses KAFKA_BROKERS when set (an external broker, e.g. docker compose), else runs
// `node scripts/kafka.mjs up` (idempotent: one broker per machine, shared by all tests and workers;
// it stays up after the tests; `npm run kafka:down` stops it). It throws when no broker can be had,
// so the tests fail rather than skip.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  Admin,
  Consumer,
  ITopicConfig,
  Kafka,
  KafkaConfig,
  KafkaMessage,
  logLevel,
  Message,
  Partitioners,
  Producer,
  ProducerConfig,
} from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const ROOT = path.resolve(__dirname, '..', '..');
const KAFKA_MJS = path.join(ROOT, 'scripts', 'kafka.mjs');

/** Generous: the first run on a machine fetches the jars with Maven. */
export const KAFKA_SETUP_TIMEOUT_MS = 240_000;

let ensured: Promise<string[]> | undefined;

/** Bootstrap brokers of a running broker: KAFKA_BROKERS, or the one `scripts/kafka.mjs up` starts. */
export function ensureKafka(): Promise<string[]> {
  if (ensured) return ensured;
  ensured = (async () => {
    const fromEnv = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
    if (fromEnv?.length) {
      await waitForCluster(fromEnv, 30_000);
      return fromEnv;
    }
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [KAFKA_MJS, 'up'], { cwd: ROOT, timeout: KAFKA_SETUP_TIMEOUT_MS - 10_000 }, (err, out, errOut) => {
        if (err) reject(new Error(`node scripts/kafka.mjs up failed (${err.code ?? err.signal}):\n${errOut.trim() || err.message}`));
        else resolve(out);
      });
    });
    const bootstrap = stdout.trim().split('\n').pop() ?? '';
    if (!/^[\w.-]+:\d+$/.test(bootstrap)) throw new Error(`scripts/kafka.mjs up printed no bootstrap address: ${stdout}`);
    return [bootstrap];
  })();
  ensured.catch(() => (ensured = undefined)); // a later call tries again
  return ensured;
}

async function waitForCluster(brokers: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const admin = client(brokers, { retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
    try {
      await admin.connect();
      if ((await admin.describeCluster()).brokers.length > 0) return;
    } catch (e) {
      last = e;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no Kafka broker answers at ${brokers.join(',')}: ${(last as Error)?.message ?? 'timeout'}`);
}

/** A kafkajs client with quiet logs (kafkajs logs retried, harmless errors at ERROR level). */
export function client(brokers: string[], config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'cepheus-test',
    brokers,
    logLevel: process.env.KAFKAJS_LOG_LEVEL ? Number(process.env.KAFKAJS_LOG_LEVEL) : logLevel.NOTHING,
    ...config,
  });
}

/** A random name prefix per test: topics, consumer groups and transactional ids never collide. */
export function randomPrefix(name = 't'): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return `cepheus-test.${safe}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}.`;
}

export async function createTopics(
  admin: Admin,
  topics: string[],
  opts: { partitions?: number; configEntries?: ITopicConfig['configEntries'] } = {},
): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: opts.partitions ?? 1, replicationFactor: 1, configEntries: opts.configEntries })),
  });
}

export async function deleteTopics(admin: Admin, topics: string[]): Promise<void> {
  if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
}

export interface KafkaTestContext {
  readonly brokers: string[];
  readonly prefix: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** `${prefix}${name}` */
  topic(name: string): string;
  group(name: string): string;
  transactionalId(name: string): string;
  /** Creates topics (waiting for leaders) and remembers them for cleanup(). */
  createTopics(topics: string[], opts?: { partitions?: number; configEntries?: ITopicConfig['configEntries'] }): Promise<void>;
  /** Deletes the topics created through this context, disconnects the admin client. */
  cleanup(): Promise<void>;
}

export async function kafkaTestContext(name = 't'): Promise<KafkaTestContext> {
  const brokers = await ensureKafka();
  const prefix = randomPrefix(name);
  const kafka = client(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const created = new Set<string>();
  return {
    brokers,
    prefix,
    kafka,
    admin,
    topic: (n) => `${prefix}${n}`,
    group: (n) => `${prefix}group.${n}`,
    transactionalId: (n) => `${prefix}tx.${n}`,
    async createTopics(topics, opts) {
      await createTopics(admin, topics, opts);
      topics.forEach((t) => created.add(t));
    },
    async cleanup() {
      try {
        await deleteTopics(admin, [...created]);
      } finally {
        created.clear();
        await admin.disconnect();
      }
    },
  };
}

/** Connects a producer (acks all, idempotent unless told otherwise) with the default partitioner. */
export async function connectProducer(brokers: string[], config: ProducerConfig = {}): Promise<Producer> {
  const producer = client(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
  await producer.connect();
  return producer;
}

/** Sends messages to a topic with acks=-1 and disconnects. */
export async function produce(brokers: string[], topic: string, messages: Message[]): Promise<void> {
  const producer = await connectProducer(brokers, { idempotent: true });
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  raw: KafkaMessage;
}

export interface ConsumeOptions {
  /** Stop once this many messages arrived. */
  count?: number;
  /** Stop once a message satisfies this (it is included). */
  until?: (m: ConsumedMessage) => boolean;
  /** Give up after this long: resolve with what arrived when `count`/`until` are unset, else reject. */
  timeoutMs?: number;
  groupId?: string;
  /** Default false: read_committed, the kafkajs default (aborted transactional records are hidden). */
  readUncommitted?: boolean;
  fromBeginning?: boolean;
}

function decode(topic: string, partition: number, m: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  return { topic, partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, headers, raw: m };
}

/**
 * Reads a topic from the beginning with a fresh consumer group until `count` messages arrived,
 * `until` matched, or `timeoutMs` passed; then disconnects.
 */
export async function consume(brokers: string[], topic: string, opts: ConsumeOptions = {}): Promise<ConsumedMessage[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const bounded = opts.count !== undefined || opts.until !== undefined;
  const consumer: Consumer = client(brokers).consumer({
    groupId: opts.groupId ?? `${topic}.reader.${randomBytes(4).toString('hex')}`,
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const got: ConsumedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: opts.fromBeginning ?? true });
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (err?: Error) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => {
        if (bounded) finish(new Error(`consume(${topic}): timed out after ${timeoutMs} ms with ${got.length} message(s)${opts.count ? ` of ${opts.count}` : ''}`));
        else finish();
      }, timeoutMs);
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) finish(e.payload.error); // kafkajs restarts itself after retriable crashes
      });
      consumer
        .run({
          eachMessage: async ({ topic: t, partition, message }) => {
            if (finished) return;
            const m = decode(t, partition, message);
            got.push(m);
            if ((opts.count !== undefined && got.length >= opts.count) || opts.until?.(m)) finish();
          },
        })
        .catch((e: Error) => finish(e));
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

// The broker restarts again and again, each time at a random moment after a burst of events (a
// snapshot's transaction or an alert send may be in flight). After some of these restarts kafkajs
// gives its consumer up for good ("Failed to find group coordinator" is not retriable to it): the
// service must start a new one by itself and catch up after every restart; a read_committed reader
// sees every alert exactly once in exactly-once mode, at least once (once by id) in at-least-once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type RunningKafkaService, startKafkaService } from '../../../src/cluster/kafka-service';
import { loadConfig } from '../../../src/config';
import type { Alert } from '../../../src/engine/alert';
import { createRootLogger } from '../../../src/log';
import { client, connectProducer, consume, createTopics, randomPrefix } from '../../helpers/kafka';
import { ensureSharedRedis, randomKeyPrefix } from '../../helpers/redis';
import { deleteKeys, sequenceRules, waitFor } from '../cluster/fixture';
import { type PrivateBroker, startPrivateBroker } from './private-broker';

const ROUNDS = 5;
jest.setTimeout(ROUNDS * 60_000 + 60_000);

const MODES = ['exactly-once', 'at-least-once'] as const;

let broker: PrivateBroker;
let svc: RunningKafkaService | null = null;
const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-rules-'));
const prefix = randomPrefix('broker-restarts');
const redisPrefix = randomKeyPrefix('broker-restarts');
const topicOf = (mode: string) => `${prefix}events.${mode}`;
const alertTopicOf = (mode: string) => `${prefix}alerts.${mode}`;
/** the service's warnings and errors, shown when the test fails */
const problems: string[] = [];

beforeAll(async () => {
  broker = await startPrivateBroker();
  const admin = client(broker.brokers).admin();
  await admin.connect();
  await createTopics(admin, [...MODES.flatMap((m) => [topicOf(m), alertTopicOf(m)]), `${prefix}dlq`]);
  await admin.disconnect();
});
afterAll(async () => {
  await svc?.stop().catch(() => undefined);
  await broker.cleanup();
  await deleteKeys(await ensureSharedRedis(), redisPrefix);
  fs.rmSync(rulesDir, { recursive: true, force: true });
});

/** produces, retrying while the broker is away */
async function produce(topic: string, events: object[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const p = await connectProducer(broker.brokers, { idempotent: true });
      try {
        await p.send({ topic, acks: -1, messages: events.map((e) => ({ value: JSON.stringify(e) })) });
        return;
      } finally {
        await p.disconnect();
      }
    } catch (e) {
      if (attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

test.each(MODES)(`${ROUNDS} broker restarts at random moments lose nothing (%s)`, async (mode) => {
  await svc?.stop();
  problems.length = 0;
  const topic = topicOf(mode);
  const alertTopic = alertTopicOf(mode);
  // one rules directory per mode: the other mode's service is stopped, but its rules must not be read
  const rules = path.join(rulesDir, mode);
  fs.mkdirSync(rules);
  fs.writeFileSync(path.join(rules, 'rules.cep'), sequenceRules(topic));
  const config = loadConfig({
    CEPHEUS_PORT: '0', CEPHEUS_RULES: rules, KAFKA_BROKERS: broker.brokers.join(','), REDIS_URL: await ensureSharedRedis(),
    CEPHEUS_GROUP_ID: `${prefix}group.${mode}`, CEPHEUS_ALERT_TOPIC: alertTopic, CEPHEUS_DLQ_TOPIC: `${prefix}dlq`,
    CEPHEUS_DELIVERY: mode, CEPHEUS_SNAPSHOT_INTERVAL: '300ms', CEPHEUS_RATE_LIMIT: '0',
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.includes('"level":40') || line.includes('"level":50')) problems.push(line.slice(0, 400));
      cb();
    },
  });
  svc = await startKafkaService(config, createRootLogger('warn', sink), { env: { CEPHEUS_REDIS_PREFIX: redisPrefix, CEPHEUS_SESSION_TIMEOUT: '6s' } });
  await svc.ready;
  const s = svc;
  await waitFor('the partition', () => s.cluster.tasks.size === 1);

  let users = 0;
  let t = 1000;
  let produced = 0;
  /** 20 users' a -> b, then an event that moves the watermark past them: 20 alerts */
  const burst = async () => {
    const events: object[] = [];
    for (let i = 0; i < 20; i++, users++, t += 10) events.push({ ts: t, user: `u${users}`, type: 'a' }, { ts: t + 1, user: `u${users}`, type: 'b' });
    t += 1000;
    events.push({ ts: t, user: 'x', type: 'x' });
    t += 10;
    await produce(topic, events);
    produced += events.length;
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await burst();
      await new Promise((r) => setTimeout(r, Math.random() * 800));
      await broker.restart(Math.round(Math.random() * 2000));
      await burst();
      await waitFor(`the events of round ${round + 1}`, () => s.cluster.stats.records >= produced, 90_000);
    }
    await waitFor('health', async () => (await s.app.inject({ method: 'GET', url: '/health' })).statusCode === 200, 30_000);
    const seen = new Set<string>();
    await consume(broker.brokers, alertTopic, { until: (m) => seen.add((JSON.parse(m.value as string) as Alert).id).size === users, timeoutMs: 60_000 });
    const all = await consume(broker.brokers, alertTopic, { timeoutMs: 2000 });
    expect(new Set(all.map((m) => (JSON.parse(m.value as string) as Alert).id)).size).toBe(users);
    if (mode === 'exactly-once') expect(all).toHaveLength(users);
  } catch (e) {
    throw new Error(`${(e as Error).message}\nthe service's warnings and errors:\n${problems.join('\n')}`);
  }
});

// The broker restarts under a running service: the service reconnects by itself, and a
// read_committed reader of the alert topic sees every alert of the events before and after the
// restart, exactly once in exactly-once mode (at-least-once: once after deduplication by id).
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

jest.setTimeout(150_000);

let broker: PrivateBroker;
let svc: RunningKafkaService | null = null;
const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-rules-'));
const prefix = randomPrefix('broker-restart');
const redisPrefix = randomKeyPrefix('broker-restart');
const topic = `${prefix}events`;
const alertTopic = `${prefix}alerts`;

beforeAll(async () => {
  broker = await startPrivateBroker();
  const admin = client(broker.brokers).admin();
  await admin.connect();
  await createTopics(admin, [topic, `${alertTopic}.exactly-once`, `${alertTopic}.at-least-once`, `${prefix}dlq`]);
  await admin.disconnect();
  fs.writeFileSync(path.join(rulesDir, 'rules.cep'), sequenceRules(topic));
});
afterAll(async () => {
  await svc?.stop().catch(() => undefined);
  await broker.cleanup();
  await deleteKeys(await ensureSharedRedis(), redisPrefix);
  fs.rmSync(rulesDir, { recursive: true, force: true });
});

async function produce(events: object[]): Promise<void> {
  const p = await connectProducer(broker.brokers, { idempotent: true });
  try {
    await p.send({ topic, acks: -1, messages: events.map((e) => ({ value: JSON.stringify(e) })) });
  } finally {
    await p.disconnect();
  }
}

const pair = (n: number, t: number) => [
  { ts: t, user: `u${n}`, type: 'a' },
  { ts: t + 1, user: `u${n}`, type: 'b' },
];

test.each(['exactly-once', 'at-least-once'])('a broker restart loses nothing (%s)', async (delivery) => {
  await svc?.stop();
  const config = loadConfig({
    CEPHEUS_PORT: '0', CEPHEUS_RULES: rulesDir, KAFKA_BROKERS: broker.brokers.join(','), REDIS_URL: await ensureSharedRedis(),
    CEPHEUS_GROUP_ID: `${prefix}group.${delivery}`, CEPHEUS_ALERT_TOPIC: `${alertTopic}.${delivery}`, CEPHEUS_DLQ_TOPIC: `${prefix}dlq`,
    CEPHEUS_DELIVERY: delivery, CEPHEUS_SNAPSHOT_INTERVAL: '300ms', CEPHEUS_RATE_LIMIT: '0',
  });
  const sink = process.env.TEST_LOG ? fs.createWriteStream(`/tmp/broker-restart.${delivery}.log`) : new Writable({ write: (_c, _e, cb) => cb() });
  svc = await startKafkaService(config, createRootLogger((process.env.TEST_LOG ?? 'warn') as 'warn', sink), { env: { CEPHEUS_REDIS_PREFIX: redisPrefix, CEPHEUS_SESSION_TIMEOUT: '6s' } });
  await svc.ready;
  const s = svc;
  const out = `${alertTopic}.${delivery}`;
  await waitFor('the partition', () => s.cluster.tasks.size === 1);
  // the topic already holds the other mode's events: this service reads them too
  const before = delivery === 'exactly-once' ? 0 : 82;
  await produce([...Array.from({ length: 20 }, (_, i) => pair(i, before * 1000 + 1000 + 10 * i)).flat(), { ts: before * 1000 + 5000, user: 'x', type: 'x' }]);
  await waitFor('the first events', () => s.cluster.stats.records >= before + 41, 30_000);

  await broker.restart(1000);
  await produce([...Array.from({ length: 20 }, (_, i) => pair(100 + i, before * 1000 + 10_000 + 10 * i)).flat(), { ts: before * 1000 + 20_000, user: 'x', type: 'x' }]);
  await waitFor('the events after the restart', () => s.cluster.stats.records >= before + 82, 60_000);
  await waitFor('health', async () => (await s.app.inject({ method: 'GET', url: '/health' })).statusCode === 200, 30_000);

  // exactly-once first: 40 alerts; at-least-once then reads the same topic from the start: 40 more
  const expected = delivery === 'exactly-once' ? 40 : 80;
  const seen = new Set<string>();
  await consume(broker.brokers, out, { until: (m) => seen.add((JSON.parse(m.value as string) as Alert).id).size === expected, timeoutMs: 60_000 });
  const all = await consume(broker.brokers, out, { timeoutMs: 2000 });
  expect(new Set(all.map((m) => (JSON.parse(m.value as string) as Alert).id)).size).toBe(expected);
  if (delivery === 'exactly-once') expect(all).toHaveLength(40);
});

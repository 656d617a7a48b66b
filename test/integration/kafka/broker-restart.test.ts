// The broker restarts under a running service (exactly-once): the service reconnects by itself,
// and a read_committed reader of the alert topic sees every alert of the events before and after
// the restart exactly once.
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
  await createTopics(admin, [topic, alertTopic, `${prefix}dlq`]);
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

test('a broker restart loses and duplicates nothing (exactly-once)', async () => {
  const config = loadConfig({
    CEPHEUS_PORT: '0', CEPHEUS_RULES: rulesDir, KAFKA_BROKERS: broker.brokers.join(','), REDIS_URL: await ensureSharedRedis(),
    CEPHEUS_GROUP_ID: `${prefix}group`, CEPHEUS_ALERT_TOPIC: alertTopic, CEPHEUS_DLQ_TOPIC: `${prefix}dlq`,
    CEPHEUS_DELIVERY: 'exactly-once', CEPHEUS_SNAPSHOT_INTERVAL: '300ms', CEPHEUS_RATE_LIMIT: '0',
  });
  const sink = process.env.TEST_LOG ? fs.createWriteStream('/tmp/broker-restart.log') : new Writable({ write: (_c, _e, cb) => cb() });
  svc = await startKafkaService(config, createRootLogger((process.env.TEST_LOG ?? 'warn') as 'warn', sink), { env: { CEPHEUS_REDIS_PREFIX: redisPrefix, CEPHEUS_SESSION_TIMEOUT: '6s' } });
  await svc.ready;
  const s = svc;
  await waitFor('the partition', () => s.cluster.tasks.size === 1);
  await produce([...Array.from({ length: 20 }, (_, i) => pair(i, 1000 + 10 * i)).flat(), { ts: 5000, user: 'x', type: 'x' }]);
  await waitFor('the first events', () => s.cluster.stats.records >= 41);

  await broker.restart(1000);
  await produce([...Array.from({ length: 20 }, (_, i) => pair(100 + i, 10_000 + 10 * i)).flat(), { ts: 20_000, user: 'x', type: 'x' }]);
  await waitFor('the events after the restart', () => s.cluster.stats.records >= 82, 60_000);
  await waitFor('health', async () => (await s.app.inject({ method: 'GET', url: '/health' })).statusCode === 200, 30_000);

  const got = await consume(broker.brokers, alertTopic, { count: 40, timeoutMs: 60_000 });
  const extra = await consume(broker.brokers, alertTopic, { timeoutMs: 2000 });
  const keys = extra.map((m) => (JSON.parse(m.value as string) as Alert).key).sort();
  expect(got).toHaveLength(40);
  expect(keys).toEqual([...Array.from({ length: 20 }, (_, i) => `u${i}`), ...Array.from({ length: 20 }, (_, i) => `u${100 + i}`)].sort());
});

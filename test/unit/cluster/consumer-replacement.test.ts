// When kafkajs gives its consumer up for good (a crash it does not restart after), the operator
// starts a new consumer by itself, again and again with a back-off while starting fails; it does
// not when the service is stopping. The consumer is a fake here: what a crash is, kafkajs decides
// (the real case is test/integration/kafka/broker-restarts.test.ts).
import pino from 'pino';
import { Health } from '../../../src/cluster/health';
import { ClusterOperator, type OperatorDeps } from '../../../src/cluster/operator';
import type { ConsumerHandlers, KafkaSourceConsumer } from '../../../src/io/kafka/consumer';

/** how a fake's start goes: runs; throws (connect refused); or returns after reporting a crash
 * kafkajs will not restart after, as kafkajs's run() does when the first join fails */
type Start = 'runs' | 'throws' | 'join-crashes';

class FakeConsumer {
  handlers: ConsumerHandlers | null = null;
  stopped = false;
  constructor(private readonly how: Start) {}
  async start(h: ConsumerHandlers): Promise<void> {
    if (this.how === 'throws') throw new Error('connect ECONNREFUSED');
    this.handlers = h;
    if (this.how === 'join-crashes') h.onCrash(Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSNonRetriableError' }), false);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async heartbeat(): Promise<void> {}
}

function operator(starts: Start[]) {
  const made: FakeConsumer[] = [];
  const health = new Health();
  const deps = {
    template: () => ({ rules: [] }),
    topology: async () => ({ inputs: new Map([['events', { topic: 'events', routes: [], feeds: [] }]]), internal: [] }),
    newConsumer: () => {
      const c = new FakeConsumer(starts[made.length] ?? 'runs');
      made.push(c);
      return c as unknown as KafkaSourceConsumer;
    },
    newDelivery: () => ({ afterBatch: async () => undefined }),
    health,
    log: pino({ level: 'silent' }),
    snapshotIntervalMs: 60_000,
    tickMs: 60_000,
  } as unknown as OperatorDeps;
  return { op: new ClusterOperator(deps), made, health };
}

const crash = (c: FakeConsumer, restart: boolean) => c.handlers?.onCrash(Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSNonRetriableError' }), restart);
const until = async (what: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

test('a consumer kafkajs gave up on is replaced, and health says kafka until the new one is assigned', async () => {
  const { op, made, health } = operator([]);
  await op.start();
  expect(made).toHaveLength(1);
  crash(made[0], false);
  expect(health.report({ redisOk: true, details: {} }).failing.kafka).toMatch(/consumer stopped/);
  await until(() => made.length === 2, 3000);
  expect(made).toHaveLength(2);
  expect(made[0].stopped).toBe(true);
  made[1].handlers?.onAssignment([]);
  await until(() => health.report({ redisOk: true, details: {} }).ok, 1000);
  expect(health.report({ redisOk: true, details: {} }).ok).toBe(true);
  await op.stop(100);
});

test('a crash kafkajs restarts after itself starts no consumer of ours', async () => {
  const { op, made } = operator([]);
  await op.start();
  crash(made[0], true);
  await new Promise((r) => setTimeout(r, 1500));
  expect(made).toHaveLength(1);
  await op.stop(100);
});

// the first replacement fails to start (connect refused), or starts but its join fails the way
// the first consumer's did; the second, after a doubled back-off, runs
test.each(['throws', 'join-crashes'] as const)('a new consumer whose start %s is replaced again', async (how) => {
  const { op, made } = operator(['runs', how]);
  await op.start();
  crash(made[0], false);
  await until(() => made.length === 3, 5000);
  expect(made).toHaveLength(3);
  expect(made[1].stopped).toBe(true);
  expect(made[2].handlers).not.toBeNull();
  await op.stop(100);
});

test('no new consumer once the service is stopping', async () => {
  const { op, made } = operator([]);
  await op.start();
  crash(made[0], false);
  await op.stop(100);
  await new Promise((r) => setTimeout(r, 1500));
  expect(made).toHaveLength(1);
});

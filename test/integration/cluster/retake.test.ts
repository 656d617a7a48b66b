// A partition still assigned to this instance whose task was dropped (here: its snapshot was
// fenced by a generation the group never followed with a rebalance) is taken over again from its
// snapshot by the service itself, even when no further record arrives on it: the records after
// the snapshot are processed again and their alert goes out (exactly-once: only after a save).
import { Redis } from 'ioredis';
import type { Alert } from '../../../src/engine/alert';
import { RedisKeys } from '../../../src/io/redis/keys';
import { type ClusterFixture, clusterFixture, sequenceRules, waitFor } from './fixture';

jest.setTimeout(90_000);

let fx: ClusterFixture;
let redis: Redis;

beforeAll(async () => {
  fx = await clusterFixture('retake', { rules: sequenceRules });
  redis = new Redis(fx.redisUrl);
});
afterAll(async () => {
  redis.disconnect();
  await fx.cleanup();
});

test('a dropped task of an assigned partition is restored again without a new record', async () => {
  const svc = await fx.start({ CEPHEUS_DELIVERY: 'exactly-once' });
  await waitFor('the partition', () => svc.cluster.tasks.size === 1);
  await fx.produce([{ ts: 1000, user: 'u1', type: 'a' }, { ts: 1001, user: 'zz', type: 'x' }]);
  await waitFor('the first events', () => svc.cluster.stats.records >= 2);
  await svc.cluster.snapshotNow('test');
  const restoresBefore = svc.cluster.stats.restores.length;

  // another owner generation, as a zombie's successor would write it: our next save is fenced
  await redis.hincrby(new RedisKeys(fx.redisPrefix, fx.groupId).taskMeta(fx.source, 0), 'gen', 1);
  await fx.produce([{ ts: 2000, user: 'u1', type: 'b' }, { ts: 3000, user: 'zz', type: 'x' }]);
  await waitFor('the task dropped', () => svc.cluster.tasks.size === 0 || svc.cluster.stats.restores.length > restoresBefore, 20_000);

  // no record follows; the task comes back by itself and the alert goes out once
  await waitFor('the task back', () => svc.cluster.stats.restores.length > restoresBefore && svc.cluster.tasks.size === 1, 40_000);
  const alerts = await fx.alerts({ count: 1, timeoutMs: 30_000 });
  expect((JSON.parse(alerts[0].value as string) as Alert).key).toBe('u1');
  const all = await fx.alerts({ timeoutMs: 2000 });
  expect(all).toHaveLength(1);
  expect(fx.logs.some((l) => l.msg === 'partition dropped' && String(l.why).startsWith('fenced'))).toBe(true);
});

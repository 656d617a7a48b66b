// Keyed state in Redis over a service's life: keys that can no longer match leave Redis (no
// FLINK-23314-style leak) and the engine; a hot reload that keeps state moves it to the new rule
// version's namespace; an idle source fires timeouts from the wall clock (LANGUAGE.md 3 `idle`).
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Alert } from '../../../src/engine/alert';
import { RedisKeys } from '../../../src/io/redis/keys';
import { type ClusterFixture, clusterFixture, sequenceRules, waitFor } from './fixture';

jest.setTimeout(60_000);

let fx: ClusterFixture;
let redis: Redis;

beforeAll(async () => {
  fx = await clusterFixture('state', { rules: sequenceRules });
  redis = new Redis(fx.redisUrl);
});
afterAll(async () => {
  redis.disconnect();
  await fx.cleanup();
});

const stateKey = () => new RedisKeys(fx.redisPrefix, fx.groupId).taskState(fx.source, 0);

test('state of keys that can no longer match is deleted; a reload that keeps state moves it to the new version', async () => {
  const svc = await fx.start();
  await waitFor('the partition', () => svc.cluster.tasks.size === 1);
  const task = [...svc.cluster.tasks.values()][0];
  const opens = Array.from({ length: 50 }, (_, i) => ({ ts: 1000 + i, user: `u${i}`, type: 'a' }));
  // the last event moves the watermark past every `a` (an event waits in the source until then)
  await fx.produce([...opens, { ts: 1100, user: 'zz', type: 'x' }]);
  await waitFor('the events', () => svc.cluster.stats.records >= 51);
  await svc.cluster.snapshotNow('test');
  const before = await redis.hkeys(stateKey());
  expect(before).toHaveLength(50);
  const oldVersion = before[0].split(':')[1];

  // a new emit keeps the automaton and key: partial matches carried, stored under the new version
  const text = fs.readFileSync(path.join(fx.rulesDir, 'rules.cep'), 'utf8').replace('emit { user: key }', 'emit { user: key, n: 1 }');
  expect((await svc.app.inject({ method: 'PUT', url: '/rules/files/rules.cep', payload: text, headers: { 'content-type': 'text/plain' } })).statusCode).toBe(200);
  const newVersion = await waitFor('the reload in the task', () => {
    const v = task.engine.runtimes.get('seq')?.rule.version;
    return v !== oldVersion ? v : null;
  });
  await svc.cluster.snapshotNow('test');
  const moved = await redis.hkeys(stateKey());
  expect(moved).toHaveLength(50);
  expect(moved.every((f) => f.startsWith(`seq:${newVersion}:`))).toBe(true);

  // ten of them match, then the watermark passes every `within`
  await fx.produce([...Array.from({ length: 10 }, (_, i) => ({ ts: 2000 + i, user: `u${i}`, type: 'b' })), { ts: 500_000, user: 'x', type: 'x' }]);
  const alerts = await fx.alerts({ count: 10 });
  expect((JSON.parse(alerts[0].value as string) as Alert).fields).toEqual({ user: expect.any(String), n: 1 });
  await waitFor('the events', () => svc.cluster.stats.records >= 62);
  await svc.cluster.snapshotNow('test');
  expect(await redis.hlen(stateKey())).toBe(0);
  expect(task.engine.runtimes.get('seq')?.keyCount).toBe(0);
  // the later tests rewrite the rule file: a service still running would reload it and emit too
  await svc.stop();
});

test('an idle source fires timeouts from the wall clock', async () => {
  const idleRules = `
source tx { topic "${fx.source}" time ts watermark 0ms idle 300ms }
rule lonely {
  from tx
  key user
  pattern a -> b
  where a: type == "a"  b: type == "b"
  within 1s
  on timeout emit { user: key }
}`;
  fs.writeFileSync(path.join(fx.rulesDir, 'rules.cep'), idleRules);
  const svc = await fx.start({ CEPHEUS_GROUP_ID: `${fx.groupId}.idle` });
  await waitFor('the partition', () => svc.cluster.tasks.size === 1);
  await fx.produce([{ ts: Date.now(), user: 'solo', type: 'a' }]);
  const got = await fx.alerts({ until: (x) => x.key === 'lonely:solo', timeoutMs: 10_000 });
  const m = got[got.length - 1];
  expect(JSON.parse(m.value as string)).toMatchObject({ rule: 'lonely', kind: 'timeout', key: 'solo' });
  await svc.stop();
});

test('a suppression window in progress is kept in Redis and survives a restart of the service', async () => {
  fs.writeFileSync(path.join(fx.rulesDir, 'rules.cep'), `
source tx { topic "${fx.source}" time ts watermark 0ms }
rule quiet {
  from tx
  key user
  pattern a
  where a: type == "a"
  suppress 10s
  emit { user: key }
}`);
  const group = { CEPHEUS_GROUP_ID: `${fx.groupId}.suppress` };
  // the topic holds the earlier tests' events (the last at the wall clock): this group reads them too
  const t0 = Date.now() + 60_000;
  const first = await fx.start(group);
  await waitFor('the partition', () => first.cluster.tasks.size === 1);
  await fx.produce([{ ts: t0, user: 's', type: 'a' }, { ts: t0 + 1, user: 'other', type: 'x' }]);
  await fx.alerts({ until: (m) => m.key === 'quiet:s' });
  await first.cluster.snapshotNow('test');
  const stored = await redis.hvals(new RedisKeys(fx.redisPrefix, group.CEPHEUS_GROUP_ID).taskState(fx.source, 0));
  expect(stored.map((v) => JSON.parse(v) as { s?: unknown })).toEqual([expect.objectContaining({ s: { end: t0, ids: null } })]);
  await first.stop();

  const second = await fx.start(group);
  await waitFor('the partition', () => second.cluster.tasks.size === 1);
  // just under 10s after the emitted alert: suppressed; 10s after it: out
  await fx.produce([{ ts: t0 + 9999, user: 's', type: 'a' }, { ts: t0 + 10_000, user: 's', type: 'a' }, { ts: t0 + 10_001, user: 'other', type: 'x' }]);
  const got = await fx.alerts({ until: (m) => m.key === 'quiet:s' && (JSON.parse(m.value as string) as Alert).end === t0 + 10_000 });
  expect(got.filter((m) => m.key === 'quiet:s').map((m) => (JSON.parse(m.value as string) as Alert).end)).toEqual([t0, t0 + 10_000]);
});

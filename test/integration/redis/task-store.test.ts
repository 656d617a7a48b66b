// The task snapshot store against the real Redis: claim fences the previous owner, saves are
// incremental and atomic, large saves work, reads stream every key back.
import { CepheusError, ErrorCodes } from '../../../src/errors';
import { stateField } from '../../../src/io/redis/keys';
import { RedisTaskStore } from '../../../src/io/redis/task-store';
import { type RedisFixture, redisFixture } from './redis-fixture';

let fx: RedisFixture;
let store: RedisTaskStore;
const task = { topic: 'events', partition: 3 };

beforeEach(async () => {
  fx = await redisFixture('task-store');
  store = new RedisTaskStore(fx.redis, fx.keys);
});
afterEach(() => fx.cleanup());

async function readAll(): Promise<Map<string, string>> {
  const got = new Map<string, string>();
  await store.readState(task, (entries) => {
    for (const e of entries) got.set(stateField(e.rule, e.version, e.key), e.json);
  });
  return got;
}

test('a claim bumps the generation and returns the meta fields', async () => {
  const first = await store.claim(task);
  expect(first.gen).toBe('1');
  await store.save([{ task, gen: first.gen, write: { meta: { offset: '42' }, set: [], del: [] } }]);
  const second = await store.claim(task);
  expect(second.gen).toBe('2');
  expect(second.meta.offset).toBe('42');
});

test('a save by a previous owner is refused and writes nothing', async () => {
  const old = await store.claim(task);
  await store.claim(task);
  const write = { meta: { offset: '7' }, set: [[stateField('r', 'v1', 'k'), '{}']] as [string, string][], del: [] };
  const err = await store.save([{ task, gen: old.gen, write }]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CepheusError);
  expect((err as CepheusError).code).toBe(ErrorCodes.STATE_FENCED);
  expect((await readAll()).size).toBe(0);
  expect(await fx.redis.hget(fx.keys.taskMeta(task.topic, task.partition), 'offset')).toBeNull();
});

test('saves set and delete keys incrementally; key texts may hold colons', async () => {
  const { gen } = await store.claim(task);
  const set = (k: string, v: string) => [stateField('r', 'v1', k), v] as [string, string];
  await store.save([{ task, gen, write: { meta: {}, set: [set('a', '1'), set('b:c', '2'), set('d', '3')], del: [] } }]);
  await store.save([{ task, gen, write: { meta: {}, set: [set('a', '4')], del: [stateField('r', 'v1', 'd')] } }]);
  expect(Object.fromEntries(await readAll())).toEqual({ 'r:v1:a': '4', 'r:v1:b:c': '2' });
});

test('a save of 50k keys is one atomic step and reads back whole', async () => {
  const { gen } = await store.claim(task);
  const set: [string, string][] = [];
  for (let i = 0; i < 50_000; i++) set.push([stateField('w1', 'abc', `k${i}`), JSON.stringify({ i })]);
  await store.save([{ task, gen, write: { meta: { offset: '1' }, set, del: [] } }]);
  const got = await readAll();
  expect(got.size).toBe(50_000);
  expect(got.get('w1:abc:k49999')).toBe('{"i":49999}');
  expect(await store.fieldsWithPrefix(task, 'w1:abc:k4999')).toHaveLength(11);
});

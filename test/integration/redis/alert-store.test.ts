// The Redis alert store: idempotent puts (revisions replace), queries by time/rule/key newest
// first with cursors, live and resumed subscriptions across connections, retention.
import type { Alert } from '../../../src/engine/alert';
import { RedisAlertStore } from '../../../src/io/redis/alert-store';
import { type RedisFixture, redisFixture } from './redis-fixture';

let fx: RedisFixture;
let store: RedisAlertStore;

beforeEach(async () => {
  fx = await redisFixture('alert-store');
  store = new RedisAlertStore(fx.redis, fx.keys, { maxAlerts: 1000, maxAgeMs: 3600_000 });
});
afterEach(async () => {
  await store.close();
  await fx.cleanup();
});

function alert(n: number, over: Partial<Alert> = {}): Alert {
  return {
    id: `id${String(n).padStart(4, '0')}`,
    rule: n % 2 === 0 ? 'even' : 'odd',
    version: 'v',
    kind: 'match',
    key: `k${n % 3}`,
    severity: 'high',
    start: n,
    end: n,
    detectedAt: 1_700_000_000_000 + n,
    events: {},
    fields: {},
    ...over,
  };
}

test('duplicates change nothing; a higher revision replaces', async () => {
  store.put(alert(1, { fields: { v: 1 } }));
  store.put(alert(1, { fields: { v: 2 } }));
  store.put(alert(2, { kind: 'window', revision: 0, fields: { v: 1 } }));
  store.put(alert(2, { kind: 'window', revision: 1, fields: { v: 2 } }));
  store.put(alert(2, { kind: 'window', revision: 1, fields: { v: 3 } }));
  await store.flush();
  expect((await store.get('id0001'))?.fields).toEqual({ v: 1 });
  expect((await store.get('id0002'))?.fields).toEqual({ v: 2 });
  expect(await store.get('nope')).toBeNull();
  expect((await store.query({ limit: 10 })).alerts.map((a) => a.id)).toEqual(['id0002', 'id0001']);
});

test('queries page newest first by time, rule and key', async () => {
  for (let n = 1; n <= 30; n++) store.put(alert(n));
  await store.flush();
  const ids = (p: { alerts: Alert[] }) => p.alerts.map((a) => Number(a.id.slice(2)));
  const first = await store.query({ limit: 7 });
  expect(ids(first)).toEqual([30, 29, 28, 27, 26, 25, 24]);
  const second = await store.query({ limit: 7, cursor: first.next as string });
  expect(ids(second)).toEqual([23, 22, 21, 20, 19, 18, 17]);
  expect(ids(await store.query({ limit: 100, rule: 'odd', from: 1_700_000_000_010, to: 1_700_000_000_015 }))).toEqual([15, 13, 11]);
  const byKey = await store.query({ limit: 4, key: 'k0', rule: 'even' });
  expect(ids(byKey)).toEqual([30, 24, 18, 12]);
  expect(ids(await store.query({ limit: 4, key: 'k0', rule: 'even', cursor: byKey.next as string }))).toEqual([6]);
  expect((await store.query({ limit: 100, kind: 'timeout' })).alerts).toEqual([]);
});

test('listeners on another connection see new alerts; resuming after an id replays the rest once', async () => {
  const conn = fx.redis.duplicate();
  const other = new RedisAlertStore(conn, fx.keys, { maxAlerts: 1000, maxAgeMs: 3600_000 });
  try {
    store.put(alert(1));
    store.put(alert(2));
    await store.flush();
    const live: string[] = [];
    const resumed: string[] = [];
    other.subscribe({ rule: 'odd' }, (a) => live.push(a.id));
    other.subscribe({}, (a) => resumed.push(a.id), 'id0001');
    await new Promise((r) => setTimeout(r, 200));
    store.put(alert(3));
    store.put(alert(3)); // duplicate: not published again
    await store.flush();
    await waitFor(() => live.length >= 1 && resumed.length >= 2);
    expect(live).toEqual(['id0003']);
    expect(resumed).toEqual(['id0002', 'id0003']);
  } finally {
    await other.close();
    conn.disconnect();
  }
});

test('retention deletes old alerts with their index entries', async () => {
  for (let n = 1; n <= 20; n++) store.put(alert(n));
  await store.flush();
  expect(await store.trim(1_700_000_000_011 + 3600_000)).toBe(10);
  expect((await store.query({ limit: 100 })).alerts).toHaveLength(10);
  expect((await store.query({ limit: 100, key: 'k1' })).alerts.every((a) => a.detectedAt >= 1_700_000_000_011)).toBe(true);
  expect(await fx.redis.zcard(fx.keys.alertIndex())).toBe(30);
});

test('retention keeps the newest N alerts', async () => {
  const small = new RedisAlertStore(fx.redis, fx.keys, { maxAlerts: 5 });
  for (let n = 1; n <= 12; n++) small.put(alert(n));
  await small.flush();
  expect(await small.trim(Date.now())).toBe(7);
  expect((await small.query({ limit: 100 })).alerts.map((a) => a.id)).toEqual(['id0012', 'id0011', 'id0010', 'id0009', 'id0008']);
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

// Two instances in one consumer group on a 4-partition topic: the second one's join splits the
// partitions; when it is killed (-9), the first takes its partitions over with their state from
// Redis, and the alert topic ends up holding exactly what `cepheus run` makes of the events.
import { ensureBuilt } from '../../fixtures/service/child';
import { type ServiceChild, kill9, logged, startServing } from './child';
import { FLUSH_KEY, alertSet, alertsOnTopic, crashEvents, crashRules, expectedAlerts } from './crash-workload';
import { type ClusterFixture, clusterFixture, waitFor } from './fixture';

jest.setTimeout(120_000);

const PARTITIONS = 4;
let fx: ClusterFixture;
const children: ServiceChild[] = [];

beforeAll(async () => {
  ensureBuilt();
  fx = await clusterFixture('rebalance', { rules: crashRules, partitions: PARTITIONS });
});
afterAll(async () => {
  for (const c of children) await kill9(c);
  await fx.cleanup();
});

const taken = (c: ServiceChild) => new Set(logged(c, 'partition taken over').map((l) => l.task as string));

test('a killed instance’s partitions and state move to the survivor; nothing is lost', async () => {
  const flushKeys = Array.from({ length: PARTITIONS }, (_, p) => `${FLUSH_KEY}-${p}`);
  const events = crashEvents(2400, 21, flushKeys);
  const body = events.slice(0, -PARTITIONS);
  const third = Math.floor(body.length / 3);

  const a = await startServing(fx.env);
  children.push(a);
  await waitFor('A to hold every partition', () => taken(a).size === PARTITIONS);
  await fx.produceKeyed(body.slice(0, third), 'user');

  const b = await startServing(fx.env);
  children.push(b);
  const bHeld = taken(b);
  expect(bHeld.size).toBeGreaterThan(0);
  expect(bHeld.size).toBeLessThan(PARTITIONS);
  for (let i = third; i < 2 * third; i += 100) {
    await fx.produceKeyed(body.slice(i, Math.min(i + 100, 2 * third)), 'user');
    await new Promise((r) => setTimeout(r, 30));
  }
  // let B snapshot what it has, then kill it mid-stream
  await new Promise((r) => setTimeout(r, 400));
  const before = logged(a, 'partition taken over').length;
  await kill9(b);
  await fx.produceKeyed(body.slice(2 * third), 'user');
  for (let p = 0; p < PARTITIONS; p++) await fx.produce([events[body.length + p]], p);

  // A takes B's partitions back with the keys B had stored
  await waitFor('A to take over', () => logged(a, 'partition taken over').length >= before + bHeld.size, 30_000);
  const takeovers = logged(a, 'partition taken over').slice(before);
  // the rebalance may also hand A its own partitions again (restored from its own snapshots):
  // what matters is that every partition B held is now A's
  const takenOver = new Set(takeovers.map((l) => l.task));
  expect([...bHeld].filter((t) => !takenOver.has(t))).toEqual([]);
  expect(takeovers.some((l) => (l.keys as number) > 0)).toBe(true);

  const want = expectedAlerts(crashRules(fx.source), events);
  const got = await alertsOnTopic(fx.kafka.brokers, fx.alertTopic, want, 40_000);
  expect(want.length).toBeGreaterThan(50);
  expect(alertSet(got)).toEqual(alertSet(want, false));
});

// kill -9 of the Kafka-mode service at random points while events stream in, several times per
// run, restarting it each time: the alert topic must then hold exactly what `cepheus run` makes of
// the same events. At-least-once: every alert, duplicates only as exact copies (same id).
// Exactly-once: a read_committed consumer sees every alert once.
import type { Alert } from '../../../src/engine/alert';
import { ensureBuilt } from '../../fixtures/service/child';
import { kill9, startServing } from './child';
import { alertSet, alertsOnTopic, crashEvents, crashRules, expectedAlerts, signature } from './crash-workload';
import { type ClusterFixture, clusterFixture } from './fixture';

jest.setTimeout(180_000);

const EVENTS = 3000;
const CHUNK = 100;
const KILLS = 3;

beforeAll(() => ensureBuilt());

async function crashRun(fx: ClusterFixture, delivery: string, seed: number): Promise<{ got: Alert[]; want: Alert[] }> {
  const events = crashEvents(EVENTS, seed);
  const env = { ...fx.env, CEPHEUS_DELIVERY: delivery };
  let child = await startServing(env);
  // kill points spread over the stream, each at a random moment within its chunk
  const killAt = new Set<number>();
  while (killAt.size < KILLS) killAt.add(2 + Math.floor(Math.random() * (EVENTS / CHUNK - 4)));
  for (let c = 0; c * CHUNK < events.length; c++) {
    await fx.produce(events.slice(c * CHUNK, (c + 1) * CHUNK));
    if (killAt.has(c)) {
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      await kill9(child);
      child = await startServing(env);
    } else {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const want = expectedAlerts(crashRules(fx.source), events);
  const got = await alertsOnTopic(fx.kafka.brokers, fx.alertTopic, want, 60_000);
  await kill9(child);
  return { got, want };
}

describe.each([
  ['at-least-once', 11],
  ['exactly-once', 12],
])('kill -9 at random points (%s)', (delivery, seed) => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await clusterFixture(`crash-${delivery}`, { rules: crashRules });
  });
  afterAll(() => fx.cleanup());

  test('the alert topic holds what `cepheus run` gives', async () => {
    const { got, want } = await crashRun(fx, delivery as string, seed as number);
    expect(want.length).toBeGreaterThan(50);
    expect(new Set(want.map((a) => a.kind))).toEqual(new Set(['match', 'timeout', 'window']));
    // the same alert always carries the same id
    const idsBySig = new Map<string, Set<string>>();
    for (const a of got) idsBySig.set(signature(a), (idsBySig.get(signature(a)) ?? new Set()).add(a.id));
    expect([...idsBySig.values()].filter((ids) => ids.size > 1)).toEqual([]);
    expect(alertSet(got)).toEqual(alertSet(want, false));
    if (delivery === 'exactly-once') expect(got.length).toBe(want.length);
  });
});

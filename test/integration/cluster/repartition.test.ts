// Rules keyed by a field the source topic is not partitioned by (CEPHEUS_PARTITIONED_BY says it is
// partitioned by `i`, and records land on partitions by `i`): the source topic's tasks route each
// record by the rule key to an internal repartition topic, whose tasks run the rules, so a user's
// events meet in one task; the watermark is the minimum over the source partitions. The alert
// topic must hold exactly what `cepheus run` makes of the events, in both delivery modes.
import { FLUSH_KEY, alertSet, alertsOnTopic, crashEvents, crashRules, expectedAlerts, signature } from './crash-workload';
import { type ClusterFixture, clusterFixture, waitFor } from './fixture';

jest.setTimeout(90_000);

const PARTITIONS = 3;

describe.each(['at-least-once', 'exactly-once'])('repartitioning (%s)', (delivery) => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await clusterFixture(`repartition-${delivery}`, { rules: crashRules, partitions: PARTITIONS });
  });
  afterAll(() => fx.cleanup());

  test('a key’s events meet in one task through the repartition topic', async () => {
    const svc = await fx.start({ CEPHEUS_PARTITIONED_BY: 'tx=i', CEPHEUS_DELIVERY: delivery });
    const internal = svc.cluster.topics.filter((t) => t.includes('.repartition.'));
    expect(internal).toEqual([expect.stringMatching(new RegExp(`^${fx.groupId.replace(/\./g, '\\.')}\\.repartition\\.tx\\.user-[0-9a-f]{8}$`))]);
    await waitFor('all 6 partitions', () => svc.cluster.tasks.size === 2 * PARTITIONS);

    const flushKeys = Array.from({ length: PARTITIONS }, (_, p) => `${FLUSH_KEY}-${p}`);
    const events = crashEvents(1500, 41, flushKeys);
    const body = events.slice(0, -PARTITIONS);
    for (let p = 0; p < PARTITIONS; p++) await fx.produce(body.filter((e) => (e.i as number) % PARTITIONS === p), p);
    // no alert can come before every source partition has moved the watermark
    for (let p = 0; p < PARTITIONS; p++) await fx.produce([events[body.length + p]], p);

    const want = expectedAlerts(crashRules(fx.source), events);
    const got = await alertsOnTopic(fx.kafka.brokers, fx.alertTopic, want, 30_000);
    expect(alertSet(got)).toEqual(alertSet(want, false));
    if (delivery === 'exactly-once') expect(got.length).toBe(want.length);
    // the alert ids derive from the source positions, not the repartition topic's: a copy of
    // an alert (at-least-once) carries the same id, so each alert has exactly one id
    const idsBySignature = new Map<string, Set<string>>();
    for (const a of got) idsBySignature.set(signature(a), (idsBySignature.get(signature(a)) ?? new Set()).add(a.id));
    expect([...idsBySignature.values()].filter((ids) => ids.size > 1)).toEqual([]);
  });
});

// Redis goes away mid-stream (SIGKILL of a private redis-server with an AOF) and comes back: the
// service says so in /health, stops consuming, resumes by itself, and neither loses an alert nor,
// in exactly-once mode, duplicates one — on the alert topic and in the REST API.
import type { Alert } from '../../../src/engine/alert';
import type { RunningKafkaService } from '../../../src/cluster/kafka-service';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis';
import { alertSet, alertsOnTopic, crashEvents, crashRules, expectedAlerts } from './crash-workload';
import { type ClusterFixture, clusterFixture, waitFor } from './fixture';

jest.setTimeout(90_000);

describe.each(['at-least-once', 'exactly-once'])('Redis restart (%s)', (delivery) => {
  let fx: ClusterFixture;
  let redis: PrivateRedis;

  beforeAll(async () => {
    fx = await clusterFixture(`redis-restart-${delivery}`, { rules: crashRules });
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await fx.cleanup();
    await redis.cleanup();
  });

  async function health(svc: RunningKafkaService) {
    const r = await svc.app.inject({ method: 'GET', url: '/health' });
    return { status: r.statusCode, body: r.json() as { failing?: Record<string, string> } };
  }

  test('consumption pauses while Redis is away and resumes with nothing lost', async () => {
    const events = crashEvents(2000, 31);
    const svc = await fx.start({ REDIS_URL: redis.url, CEPHEUS_DELIVERY: delivery });
    await waitFor('a partition', () => svc.cluster.tasks.size > 0);
    await fx.produce(events.slice(0, 800));
    await waitFor('the first events processed', () => svc.cluster.stats.records >= 800);
    await svc.cluster.snapshotNow('test');

    await redis.kill();
    const t0 = Date.now();
    await fx.produce(events.slice(800, 1100));
    const down = await waitFor('health to report Redis', async () => {
      const h = await health(svc);
      return h.status === 503 ? h : null;
    });
    expect(Object.keys(down.body.failing ?? {})).toContain('redis');
    // consumption stops (at the first step that needs Redis: a batch's alerts, or a snapshot)
    await new Promise((r) => setTimeout(r, Math.max(0, 1200 - (Date.now() - t0))));
    const whileDown = svc.cluster.stats.records;
    await fx.produce(events.slice(1100, 1400));
    await new Promise((r) => setTimeout(r, 800));
    expect(svc.cluster.stats.records).toBe(whileDown);
    expect(whileDown).toBeLessThan(1400);

    await redis.restart();
    await fx.produce(events.slice(1400));
    await waitFor('every event processed', () => svc.cluster.stats.records >= events.length, 30_000);
    await waitFor('health to recover', async () => (await health(svc)).status === 200);

    const want = expectedAlerts(crashRules(fx.source), events);
    const got = await alertsOnTopic(fx.kafka.brokers, fx.alertTopic, want, 30_000);
    expect(alertSet(got)).toEqual(alertSet(want, false));
    if (delivery === 'exactly-once') expect(got.length).toBe(want.length);

    const stored = await waitFor('every alert in REST', async () => {
      const r = (await svc.app.inject({ method: 'GET', url: '/alerts?limit=1000' })).json() as { alerts: Alert[] };
      return r.alerts.length >= want.length ? r.alerts : null;
    });
    expect(alertSet(stored, false)).toEqual(alertSet(want, false));
  });
});

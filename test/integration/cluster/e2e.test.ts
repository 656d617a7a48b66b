// End to end on the real servers: events produced to the source topic come out as alerts on the
// alert topic (key rule:key, section 10 JSON, headers) and from the REST API; dead letters go to
// the dead-letter topic with their reason; kafkajs logs come out of pino.
import type { Alert } from '../../../src/engine/alert';
import { type ClusterFixture, clusterFixture, sequenceRules, waitFor } from './fixture';
import { consume } from '../../helpers/kafka';

let fx: ClusterFixture;

beforeAll(async () => {
  fx = await clusterFixture('e2e', { rules: sequenceRules });
});
afterAll(() => fx.cleanup());

test('alerts reach the topic and the REST API; bad events reach the dead-letter topic', async () => {
  const svc = await fx.start();
  await fx.produce([
    { ts: 1000, user: 'u1', type: 'a' },
    { ts: 1500, user: 'u2', type: 'a' },
    { ts: 2000, user: 'u1', type: 'b' },
    { ts: 3000, user: 'u3', type: 'c' },
  ]);
  await fx.produceRaw(['not json', '[1,2]']);
  await fx.produce([{ user: 'u1', type: 'a' }, { ts: 10, user: 'u1', type: 'a' }]);

  const [m] = await fx.alerts({ count: 1 });
  const alert = JSON.parse(m.value as string) as Alert;
  expect(m.key).toBe('seq:u1');
  expect(m.headers).toMatchObject({ rule: 'seq', severity: 'high', id: alert.id });
  expect(alert).toMatchObject({ rule: 'seq', kind: 'match', key: 'u1', severity: 'high', start: 1000, end: 2000, fields: { user: 'u1' } });
  expect(alert.events).toEqual({ a: [{ ts: 1000, user: 'u1', type: 'a' }], b: [{ ts: 2000, user: 'u1', type: 'b' }] });

  const page = await waitFor('the alert in REST', async () => {
    const r = await svc.app.inject({ method: 'GET', url: '/alerts?rule=seq' });
    const body = r.json() as { alerts: Alert[] };
    return body.alerts.length > 0 ? body : null;
  });
  expect(page.alerts[0].id).toBe(alert.id);
  expect((await svc.app.inject({ method: 'GET', url: `/alerts/${alert.id}` })).json()).toMatchObject({ id: alert.id });

  const dead = await consume(fx.kafka.brokers, fx.dlqTopic, { count: 4 });
  expect(dead.map((d) => d.headers.reason).sort()).toEqual(['late', 'no-time', 'undecodable', 'undecodable']);
  expect(dead.find((d) => d.value === 'not json')?.headers).toMatchObject({ reason: 'undecodable', source: 'tx' });
  expect(dead.find((d) => d.headers.reason === 'late')?.headers).toMatchObject({ rule: 'seq', pos: '0/7' });

  const health = await svc.app.inject({ method: 'GET', url: '/health' });
  expect(health.statusCode).toBe(200);
  expect((await svc.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  expect(fx.logs.some((l) => l.module === 'kafka' && typeof l.namespace === 'string')).toBe(true);
});

test('POST /events in the Kafka mode goes through the source topic', async () => {
  const svc = await fx.start();
  const r = await svc.app.inject({ method: 'POST', url: '/events?source=tx', payload: [
    { ts: 20_000, user: 'p1', type: 'a' }, { ts: 20_500, user: 'p1', type: 'b' }, { ts: 21_000, user: 'p9', type: 'x' },
  ] });
  expect(r.statusCode).toBe(202);
  await fx.alerts({ until: (m) => m.key === 'seq:p1' });
});

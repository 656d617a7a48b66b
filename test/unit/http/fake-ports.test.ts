// The HTTP app built from other implementations of the ports (as the Kafka/Redis mode will pass
// its own): starting, stopping and failing services answer as API.md says.

import { Registry } from 'prom-client';
import pino from 'pino';
import { CepheusError, ErrorCodes } from '../../../src/errors';
import { build } from '../../../src/io/http/app';
import type { AlertStore, EventIntake, HealthReport, RuleAdmin, ServiceStatus } from '../../../src/io/ports';

function app(over: { intake?: EventIntake; status?: Partial<ServiceStatus> } = {}) {
  const alerts: AlertStore = {
    put: () => {},
    query: async () => ({ alerts: [], next: null }),
    get: async () => null,
    subscribe: () => () => {},
    flush: async () => {},
    close: async () => {},
  };
  const rules = { list: () => ({ rules: [], files: [] }) } as unknown as RuleAdmin;
  const status: ServiceStatus = { health: () => ({ ok: true, failing: {} }), readiness: () => 'ready', ...over.status };
  return build({
    intake: over.intake ?? { submit: async (_s, v) => ({ accepted: v.length }) },
    alerts, rules, status, metrics: new Registry(), logger: pino({ level: 'silent' }),
    options: { apiToken: null, bodyLimitBytes: 1 << 20, rateLimitPerMinute: 0 },
  });
}

it('GET /ready is 503 with the state while starting or stopping', async () => {
  for (const state of ['starting', 'stopping'] as const) {
    const res = await app({ status: { readiness: () => state } }).inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ statusCode: 503, code: 'CEP_NOT_READY', error: 'Service Unavailable', status: state });
  }
});

it('GET /health is 503 naming the failing parts', async () => {
  const failing: HealthReport = { ok: false, failing: { redis: 'connection refused', kafka: 'no brokers' } };
  const res = await app({ status: { health: () => failing } }).inject({ method: 'GET', url: '/health' });
  expect(res.statusCode).toBe(503);
  expect(res.json()).toMatchObject({ code: 'CEP_UNHEALTHY', message: 'redis: connection refused; kafka: no brokers', failing: failing.failing });
});

it('POST /events maps intake refusals to 503 with Retry-After, and bugs to a bare 500', async () => {
  const refuse = (e: Error): EventIntake => ({ submit: async () => { throw e; } });
  const notReady = await app({ intake: refuse(new CepheusError(ErrorCodes.NOT_READY, 'the service is stopping', true)) })
    .inject({ method: 'POST', url: '/events', payload: { ts: 1 } });
  expect(notReady.statusCode).toBe(503);
  expect(notReady.headers['retry-after']).toBe('1');
  expect(notReady.json()).toEqual({ statusCode: 503, code: 'CEP_NOT_READY', error: 'Service Unavailable', message: 'the service is stopping' });
  const broken = await app({ intake: refuse(new TypeError('x is undefined')) }).inject({ method: 'POST', url: '/events', payload: { ts: 1 } });
  expect(broken.json()).toEqual({ statusCode: 500, code: 'CEP_INTERNAL', error: 'Internal Server Error', message: 'internal error' });
});

// Every endpoint through app.inject(), good and bad input, against the embedded service started
// in this process on temporary directories.

import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Alert } from '../../../src/engine/alert';
import { ABC_RULES, BROKEN_RULES, LOGIN_RULES } from '../../fixtures/service/rules';
import { startTestService, type TestService } from '../../fixtures/service/harness';

const TOKEN = 's3cret-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let t: TestService;
let app: FastifyInstance;

beforeAll(async () => {
  t = await startTestService({ 'abc.cep': ABC_RULES, 'logins.cep': LOGIN_RULES }, { CEPHEUS_API_TOKEN: TOKEN });
  app = t.service.app;
});

afterAll(async () => {
  await t?.stop();
});

function inject(opts: InjectOptions) {
  return app.inject(opts);
}

function postEvents(body: string | object, headers: Record<string, string> = {}, query = '') {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return inject({ method: 'POST', url: `/events${query}`, payload, headers: { 'content-type': 'application/json', ...AUTH, ...headers } });
}

function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string): Record<string, unknown> {
  expect(res.statusCode).toBe(status);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
  return body;
}

/** The events of one a → b → c match for `user` at `t0`, and one later event that moves the watermark past it. */
function abc(user: string, t0: number): object[] {
  return [
    { ts: t0, user, type: 'a' },
    { ts: t0 + 1, user, type: 'b' },
    { ts: t0 + 2, user, type: 'c' },
    { ts: t0 + 3, user: 'other', type: 'x' },
  ];
}

describe('POST /events', () => {
  it('takes one object, an array, and NDJSON, and answers 202 with the count', async () => {
    expect((await postEvents({ ts: 1, user: 'p', type: 'x' })).json()).toEqual({ accepted: 1 });
    const arr = await postEvents([{ ts: 2, user: 'p' }, { ts: 3, user: 'p' }]);
    expect(arr.statusCode).toBe(202);
    expect(arr.json()).toEqual({ accepted: 2 });
    const nd = await postEvents('{"ts":4,"user":"p"}\n\n{"ts":5,"user":"p"}\n', { 'content-type': 'application/x-ndjson' });
    expect(nd.json()).toEqual({ accepted: 2 });
    // NDJSON sent as application/json is still read line by line
    expect((await postEvents('{"ts":6,"user":"p"}\n{"ts":7,"user":"p"}')).json()).toEqual({ accepted: 2 });
  });

  it('runs the events through the rules before answering: the alert is there at once', async () => {
    expect((await postEvents(abc('u-now', 100_000))).statusCode).toBe(202);
    const res = await inject({ method: 'GET', url: '/alerts?rule=abc&key=u-now' });
    const alerts = res.json().alerts as Alert[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'abc', kind: 'match', key: 'u-now', severity: 'high', fields: { user: 'u-now' } });
    expect(Object.keys(alerts[0].events)).toEqual(['a', 'b', 'c']);
  });

  it('rejects a bad NDJSON line with its line number, and accepts nothing', async () => {
    const before = (await inject({ method: 'GET', url: '/health' })).json().lastSeq;
    const res = await postEvents('{"ts":1,"user":"q"}\n{"ts":2,\n{"ts":3}', { 'content-type': 'application/x-ndjson' });
    const body = expectError(res, 400, 'CEP_EVENTS_INVALID');
    expect(body.line).toBe(2);
    expect(body.message).toMatch(/line 2 is not valid JSON/);
    expect((await inject({ method: 'GET', url: '/health' })).json().lastSeq).toBe(before);
  });

  it('names the array element that is not an object (index + 1)', async () => {
    const body = expectError(await postEvents([{ ts: 1 }, { ts: 2 }, 42]), 400, 'CEP_EVENTS_INVALID');
    expect(body).toMatchObject({ line: 3, message: 'element 2 is a number, not a JSON object' });
    expect(expectError(await postEvents('[{"ts":1},\n{"ts":}]'), 400, 'CEP_EVENTS_INVALID').line).toBe(2);
    expect(expectError(await postEvents('"just a string"'), 400, 'CEP_EVENTS_INVALID').line).toBe(1);
    expect(expectError(await postEvents('{"ts":1}\n[1,2]', { 'content-type': 'application/x-ndjson' }), 400, 'CEP_EVENTS_INVALID').line).toBe(2);
  });

  it('rejects empty bodies, bad control lines, bad and unknown sources', async () => {
    expectError(await postEvents(''), 400, 'CEP_EVENTS_INVALID');
    expectError(await postEvents('\n\n', { 'content-type': 'application/x-ndjson' }), 400, 'CEP_EVENTS_INVALID');
    expect(expectError(await postEvents([{ ts: 1 }, { _watermark: 'soon' }]), 400, 'CEP_EVENTS_INVALID').line).toBe(2);
    expectError(await postEvents({ ts: 1 }, {}, '?source=no%20spaces'), 400, 'CEP_BAD_REQUEST');
    const unknown = expectError(await postEvents({ ts: 1 }, {}, '?source=nobody_reads_this'), 400, 'CEP_UNKNOWN_SOURCE');
    expect(unknown.message).toContain('nobody_reads_this');
  });

  it('routes ?source= to the rules reading that source', async () => {
    const events = [{ at: 1000, user: 'l1', ok: false }, { at: 2000, user: 'l1', ok: false }, { at: 3000, user: 'z', ok: true }];
    expect((await postEvents(events, {}, '?source=logins')).statusCode).toBe(202);
    const alerts = (await inject({ method: 'GET', url: '/alerts?rule=two_failures' })).json().alerts as Alert[];
    expect(alerts.map((a) => a.key)).toEqual(['l1']);
  });

  it('accepts valid JSON without a usable time and dead-letters it', async () => {
    expect((await postEvents({ user: 'no-time' })).statusCode).toBe(202);
    const metrics = (await inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/cepheus_dead_letters_total\{source="events",reason="no-time"\} [1-9]/);
  });

  it('needs the bearer token when CEPHEUS_API_TOKEN is set', async () => {
    const res = await inject({ method: 'POST', url: '/events', payload: '{"ts":1}', headers: { 'content-type': 'application/json' } });
    expectError(res, 401, 'CEP_UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expectError(await postEvents({ ts: 1 }, { authorization: 'Bearer wrong' }), 401, 'CEP_UNAUTHORIZED');
    expectError(await postEvents({ ts: 1 }, { authorization: TOKEN }), 401, 'CEP_UNAUTHORIZED');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const big = JSON.stringify([{ pad: 'x'.repeat(11 * 1024 * 1024) }]);
    expectError(await postEvents(big), 413, 'CEP_BODY_TOO_LARGE');
  });
});

describe('GET /alerts', () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await postEvents(abc(`page-${i}`, 200_000 + i * 10));
  });

  it('filters by rule, key, kind and severity', async () => {
    const byKey = (await inject({ method: 'GET', url: '/alerts?key=page-3' })).json();
    expect(byKey.alerts.map((a: Alert) => a.key)).toEqual(['page-3']);
    const low = (await inject({ method: 'GET', url: '/alerts?severity=low' })).json().alerts as Alert[];
    expect(low.every((a) => a.severity === 'low')).toBe(true);
    const matches = (await inject({ method: 'GET', url: '/alerts?rule=abc&kind=match' })).json().alerts as Alert[];
    expect(matches.length).toBeGreaterThanOrEqual(6);
    expect(matches.every((a) => a.rule === 'abc' && a.kind === 'match')).toBe(true);
  });

  it('pages newest first with a cursor', async () => {
    const first = (await inject({ method: 'GET', url: '/alerts?rule=abc&limit=2' })).json();
    expect(first.alerts).toHaveLength(2);
    expect(first.alerts[0].detectedAt).toBeGreaterThanOrEqual(first.alerts[1].detectedAt);
    expect(first.next).toEqual(expect.any(String));
    const seen = new Set<string>(first.alerts.map((a: Alert) => a.id));
    let next = first.next;
    while (next !== null) {
      const page = (await inject({ method: 'GET', url: `/alerts?rule=abc&limit=2&cursor=${encodeURIComponent(next)}` })).json();
      for (const a of page.alerts) {
        expect(seen.has(a.id)).toBe(false);
        seen.add(a.id);
      }
      next = page.next;
    }
    const all = (await inject({ method: 'GET', url: '/alerts?rule=abc&limit=1000' })).json();
    expect(seen.size).toBe(all.alerts.length);
    expect(all.next).toBeNull();
  });

  it('filters on detectedAt with epoch ms or ISO-8601', async () => {
    const now = Date.now();
    expect((await inject({ method: 'GET', url: `/alerts?from=${now + 60_000}` })).json().alerts).toEqual([]);
    const iso = new Date(now - 60_000).toISOString();
    expect((await inject({ method: 'GET', url: `/alerts?from=${iso}&to=${now + 1000}` })).json().alerts.length).toBeGreaterThan(0);
  });

  it('rejects bad parameters, naming them', async () => {
    expect(expectError(await inject({ method: 'GET', url: '/alerts?limit=5000' }), 400, 'CEP_BAD_REQUEST').message).toMatch(/limit/);
    expect(expectError(await inject({ method: 'GET', url: '/alerts?limit=abc' }), 400, 'CEP_BAD_REQUEST').message).toMatch(/limit/);
    expect(expectError(await inject({ method: 'GET', url: '/alerts?kind=maybe' }), 400, 'CEP_BAD_REQUEST').message).toMatch(/kind/);
    expect(expectError(await inject({ method: 'GET', url: '/alerts?from=yesterday' }), 400, 'CEP_BAD_REQUEST').message).toMatch(/^from:/);
    expect(expectError(await inject({ method: 'GET', url: '/alerts?cursor=bogus' }), 400, 'CEP_BAD_REQUEST').message).toMatch(/cursor/);
  });

  it('GET /alerts/:id gives the alert, or 404', async () => {
    const [a] = (await inject({ method: 'GET', url: '/alerts?key=page-1' })).json().alerts as Alert[];
    expect((await inject({ method: 'GET', url: `/alerts/${a.id}` })).json()).toEqual(a);
    expectError(await inject({ method: 'GET', url: '/alerts/nope' }), 404, 'CEP_ALERT_NOT_FOUND');
  });
});

describe('rules endpoints', () => {
  it('GET /rules lists rules with status and counters, and the files', async () => {
    const body = (await inject({ method: 'GET', url: '/rules' })).json();
    const abcRule = body.rules.find((r: { name: string }) => r.name === 'abc');
    expect(abcRule).toMatchObject({
      name: 'abc', file: 'abc.cep', version: expect.any(String), status: 'running', kind: 'pattern', severity: 'high',
      description: 'a, then b, then c for one user', tags: ['test'], from: 'events', lastError: null,
      counters: { events: expect.any(Number), matches: expect.any(Number), timeouts: 0, partialMatches: expect.any(Number), late: expect.any(Number), dropped: 0 },
    });
    expect(abcRule.counters.matches).toBeGreaterThan(0);
    expect(body.files).toEqual([
      { file: 'abc.cep', status: 'ok', diagnostics: [] },
      { file: 'logins.cep', status: 'ok', diagnostics: [] },
    ]);
  });

  it('GET /rules/:name adds the source text and the automaton', async () => {
    const body = (await inject({ method: 'GET', url: '/rules/abc' })).json();
    expect(body.source).toMatch(/^rule abc \{/);
    expect(body.automaton).toMatch(/^digraph/);
    expect((await inject({ method: 'GET', url: '/rules/busy_user' })).json().automaton).toBeNull();
    expectError(await inject({ method: 'GET', url: '/rules/nope' }), 404, 'CEP_RULE_NOT_FOUND');
  });

  it('POST /rules/validate takes text or {"source"} and returns diagnostics', async () => {
    const ok = await inject({ method: 'POST', url: '/rules/validate', payload: ABC_RULES, headers: { 'content-type': 'text/plain' } });
    expect(ok.json()).toEqual({ ok: true, diagnostics: [] });
    const bad = await inject({ method: 'POST', url: '/rules/validate?file=mine.cep', payload: { source: BROKEN_RULES } });
    const body = bad.json();
    expect(body.ok).toBe(false);
    expect(body.diagnostics[0]).toMatchObject({ code: expect.stringMatching(/^CEP1/), severity: 'error', file: 'mine.cep', line: 3, column: expect.any(Number) });
    expectError(await inject({ method: 'POST', url: '/rules/validate', payload: '{"source":', headers: { 'content-type': 'application/json' } }), 400, 'CEP_BAD_REQUEST');
    expectError(await inject({ method: 'POST', url: '/rules/validate', payload: { text: 'x' } }), 400, 'CEP_BAD_REQUEST');
  });

  it('PUT /rules/files/:file deploys a file and runs it; 422 and nothing written when it does not compile', async () => {
    const rule = 'rule only_z { key user pattern z where z: type == "z" }';
    const put = await inject({ method: 'PUT', url: '/rules/files/extra.cep', payload: rule, headers: { 'content-type': 'text/plain', ...AUTH } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ file: 'extra.cep', rules: ['only_z'] });
    expect(t.logs.find('rules reloaded', { module: 'rules', reason: 'PUT extra.cep' })[0]).toMatchObject({ added: ['only_z'] });
    await postEvents([{ ts: 300_000, user: 'zed', type: 'z' }, { ts: 300_001, user: 'x' }]);
    expect((await inject({ method: 'GET', url: '/alerts?rule=only_z' })).json().alerts).toHaveLength(1);

    const bad = await inject({ method: 'PUT', url: '/rules/files/extra.cep', payload: BROKEN_RULES, headers: { 'content-type': 'text/plain', ...AUTH } });
    const body = expectError(bad, 422, 'CEP_RULES_INVALID');
    expect((body.diagnostics as unknown[]).length).toBeGreaterThan(0);
    expect((await inject({ method: 'GET', url: '/rules/only_z' })).statusCode).toBe(200);
    // a rule name already running in another file is refused too
    const dup = await inject({ method: 'PUT', url: '/rules/files/aaa.cep', payload: rule, headers: AUTH });
    expect(expectError(dup, 422, 'CEP_RULES_INVALID').diagnostics).toEqual([expect.objectContaining({ file: 'aaa.cep', message: expect.stringMatching(/only_z/) })]);
  });

  it('PUT and DELETE refuse bad names, path traversal and missing tokens', async () => {
    for (const name of ['..%2F..%2Fetc%2Fpasswd.cep', 'x.txt', '.cep', '%2Ftmp%2Fx.cep', 'a%20b.cep']) {
      expectError(await inject({ method: 'PUT', url: `/rules/files/${name}`, payload: 'rule q { pattern a where a: true }', headers: AUTH }), 400, 'CEP_RULE_FILE_NAME');
      expectError(await inject({ method: 'DELETE', url: `/rules/files/${name}`, headers: AUTH }), 400, 'CEP_RULE_FILE_NAME');
    }
    expectError(await inject({ method: 'PUT', url: '/rules/files/x.cep', payload: 'x' }), 401, 'CEP_UNAUTHORIZED');
    expectError(await inject({ method: 'DELETE', url: '/rules/files/extra.cep' }), 401, 'CEP_UNAUTHORIZED');
  });

  it('DELETE /rules/files/:file removes the file and its rules; 404 when absent', async () => {
    const del = await inject({ method: 'DELETE', url: '/rules/files/extra.cep', headers: AUTH });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expectError(await inject({ method: 'GET', url: '/rules/only_z' }), 404, 'CEP_RULE_NOT_FOUND');
    expectError(await inject({ method: 'DELETE', url: '/rules/files/extra.cep', headers: AUTH }), 404, 'CEP_RULE_FILE_NOT_FOUND');
  });
});

describe('service endpoints', () => {
  it('GET /health and GET /ready', async () => {
    expect((await inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    expect((await inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
  });

  it('GET /metrics speaks Prometheus with the cepheus_ names', async () => {
    const res = await inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of ['cepheus_events_total{source="events"}', 'cepheus_alerts_total{rule="abc",kind="match"}', 'cepheus_partial_matches{rule="abc"}', 'cepheus_watermark_lag_ms{source="events"}', 'cepheus_late_events_total', 'process_cpu_user_seconds_total']) {
      expect(res.body).toContain(name);
    }
  });

  it('GET /docs serves the OpenAPI UI and /docs/json the document', async () => {
    const ui = await inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
    const doc = (await inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/events', '/alerts', '/alerts/{id}', '/alerts/stream', '/rules', '/rules/{name}', '/rules/validate', '/rules/files/{file}', '/health', '/ready', '/metrics']));
  });

  it('answers unknown routes with the error shape', async () => {
    expectError(await inject({ method: 'GET', url: '/nope' }), 404, 'CEP_NOT_FOUND');
  });

  it('logs each alert once, from the rule\'s own logger', async () => {
    const lines = t.logs.find('alert', { module: 'rule', rule: 'abc', key: 'u-now' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, kind: 'match', alertId: expect.any(String) });
  });
});

describe('limits', () => {
  let small: TestService;
  afterEach(async () => {
    await small?.stop();
  });

  it('answers 503 with Retry-After when the intake queue is full, 413 for a batch over it', async () => {
    small = await startTestService({ 'abc.cep': ABC_RULES }, { CEPHEUS_QUEUE_LIMIT: '4' });
    const events = [{ ts: 1 }, { ts: 2 }, { ts: 3 }];
    const both = await Promise.all([0, 1, 2].map(() => small.service.app.inject({ method: 'POST', url: '/events', payload: events })));
    const statuses = both.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(202);
    const busy = both.find((r) => r.statusCode === 503);
    expect(busy).toBeDefined();
    expect(busy?.headers['retry-after']).toBe('1');
    expect(busy?.json()).toMatchObject({ code: 'CEP_BUSY' });
    const tooBig = await small.service.app.inject({ method: 'POST', url: '/events', payload: [...events, ...events] });
    expectError(tooBig, 413, 'CEP_BATCH_TOO_LARGE');
  });

  it('rate limits per client with 429 and Retry-After, but not the probes', async () => {
    small = await startTestService({ 'abc.cep': ABC_RULES }, { CEPHEUS_RATE_LIMIT: '3' });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await small.service.app.inject({ method: 'GET', url: '/rules' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await small.service.app.inject({ method: 'GET', url: '/alerts' });
    expectError(limited, 429, 'CEP_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await small.service.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('without CEPHEUS_API_TOKEN mutating endpoints need no token', async () => {
    small = await startTestService({ 'abc.cep': ABC_RULES });
    expect((await small.service.app.inject({ method: 'POST', url: '/events', payload: { ts: 1, user: 'a' } })).statusCode).toBe(202);
  });
});

// Hot reload against real files in a watched directory (LANGUAGE.md 12): edit, break, fix,
// delete, each taking effect within a second; unchanged rules keep their partial matches; a file
// that fails changes nothing and its diagnostics show in GET /rules; no event is lost or doubled
// while reloads happen.

import fs from 'node:fs';
import path from 'node:path';
import type { Alert } from '../../../src/engine/alert';
import { ABC_RULES, LOGIN_RULES } from '../../fixtures/service/rules';
import { startTestService, type TestService, waitFor } from '../../fixtures/service/harness';

let t: TestService;
let ts = 1_000_000;

beforeEach(async () => {
  t = await startTestService({ 'abc.cep': ABC_RULES, 'logins.cep': LOGIN_RULES });
});

afterEach(async () => {
  await t?.stop();
});

async function post(events: object[]): Promise<void> {
  const res = await t.service.app.inject({ method: 'POST', url: '/events', payload: events });
  expect(res.statusCode).toBe(202);
}

/** Events of `user` of the given types, one ms apart, in event time order across the test. */
function events(user: string, ...types: string[]): object[] {
  return types.map((type) => ({ ts: ts++, user, type }));
}

/** An event of another user that moves the watermark past everything before it. */
async function flush(): Promise<void> {
  await post(events('flusher', 'x'));
}

async function alerts(rule: string): Promise<Alert[]> {
  return (await t.service.app.inject({ method: 'GET', url: `/alerts?rule=${rule}&limit=1000` })).json().alerts;
}

async function rules(): Promise<{ rules: { name: string; version: string; status: string; lastError: string | null }[]; files: { file: string; status: string; diagnostics: unknown[] }[] }> {
  return (await t.service.app.inject({ method: 'GET', url: '/rules' })).json();
}

function write(file: string, text: string): number {
  fs.writeFileSync(path.join(t.rulesDir, file), text);
  return Date.now();
}

/** Waits for the next `rules reloaded` log line after `count` of them, and returns it. */
async function nextReload(count: number): Promise<Record<string, unknown>> {
  return waitFor(() => t.logs.find('rules reloaded')[count], 1000, 'a reload within one second');
}

it('an edit takes effect within a second; an unchanged rule keeps its partial match', async () => {
  await post(events('u1', 'a', 'b'));
  await flush();
  const reloads = t.logs.find('rules reloaded').length;
  const started = write('abc.cep', ABC_RULES.replace('having n >= 3', 'having n >= 2'));
  const report = await nextReload(reloads);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(report).toMatchObject({ reason: 'watch', kept: ['abc', 'two_failures'], carried: ['busy_user'] });
  await post(events('u1', 'c'));
  await flush();
  expect((await alerts('abc')).map((a) => a.key)).toEqual(['u1']);
});

it('a change outside the automaton carries partial matches; a pattern change resets them, counted', async () => {
  await post(events('u2', 'a', 'b'));
  await flush();
  let reloads = t.logs.find('rules reloaded').length;
  write('abc.cep', ABC_RULES.replace('emit { user: key }', 'emit { user: key, v: 2 }'));
  expect(await nextReload(reloads)).toMatchObject({ carried: ['abc'] });
  await post(events('u2', 'c'));
  await flush();
  expect((await alerts('abc')).map((a) => a.fields)).toEqual([{ user: 'u2', v: 2 }]);

  await post(events('u3', 'a'));
  await flush();
  reloads = t.logs.find('rules reloaded').length;
  write('abc.cep', ABC_RULES.replace('pattern a -> b -> c', 'pattern a -> c').replace('b: type == "b"', ''));
  expect(await nextReload(reloads)).toMatchObject({ reset: expect.arrayContaining([{ name: 'abc', dropped: 1 }]) });
});

it('a broken file changes nothing and shows its diagnostics; fixing it applies the fix', async () => {
  const before = await rules();
  const reloads = t.logs.find('rules reloaded').length;
  write('abc.cep', ABC_RULES.replace('pattern a -> b -> c', 'pattern a -> -> c'));
  const warning = await waitFor(() => t.logs.find('rule file does not compile; its previous version (if any) stays in force', { file: 'abc.cep' })[0], 1000, 'the diagnostics in the log');
  expect(warning.level).toBe(40);
  expect(String(warning.text)).toMatch(/abc\.cep:\d+:\d+: error CEP1/);
  const broken = await rules();
  expect(broken.files.find((f) => f.file === 'abc.cep')).toMatchObject({ status: 'error', diagnostics: [expect.objectContaining({ file: 'abc.cep', severity: 'error' })] });
  const abc = broken.rules.find((r) => r.name === 'abc');
  expect(abc).toMatchObject({ status: 'error', version: before.rules.find((r) => r.name === 'abc')?.version, lastError: expect.stringMatching(/^abc\.cep:/) });
  // the rules in force still run
  await post(events('u4', 'a', 'b', 'c'));
  await flush();
  expect((await alerts('abc')).map((a) => a.key)).toEqual(['u4']);

  write('abc.cep', ABC_RULES.replace('severity high', 'severity critical'));
  await waitFor(async () => (await rules()).files.every((f) => f.status === 'ok'), 1000, 'the fix');
  expect(t.logs.find('rules reloaded').length).toBeGreaterThan(reloads);
  expect((await rules()).rules.find((r) => r.name === 'abc')?.status).toBe('running');
  await post(events('u5', 'a', 'b', 'c'));
  await flush();
  expect((await alerts('abc')).find((a) => a.key === 'u5')?.severity).toBe('critical');
});

it('adding and deleting files adds and removes their rules', async () => {
  write('extra.cep', 'rule only_q { key user pattern q where q: type == "q" }');
  await waitFor(async () => (await rules()).rules.some((r) => r.name === 'only_q'), 1000, 'the new rule');
  fs.rmSync(path.join(t.rulesDir, 'logins.cep'));
  await waitFor(async () => !(await rules()).rules.some((r) => r.name === 'two_failures'), 1000, 'the rule to go');
  expect((await rules()).files.map((f) => f.file)).toEqual(['abc.cep', 'extra.cep']);
  await post(events('u6', 'q'));
  await flush();
  expect((await alerts('only_q')).map((a) => a.key)).toEqual(['u6']);
});

it('loses and doubles no event while reloads happen under load', async () => {
  const users = 40;
  const reloadsBefore = t.logs.find('rules reloaded').length;
  let text = ABC_RULES;
  const posting = (async () => {
    for (let round = 0; round < 30; round++) {
      const batch: object[] = [];
      for (let u = 0; u < users; u++) batch.push({ ts: ts++, user: `load${u}`, type: 'abc'[round % 3] });
      await post(batch);
    }
  })();
  // reload over and over meanwhile: emit changes only, so partial matches are carried
  for (let i = 0; i < 8; i++) {
    text = text.replace(/emit \{ user: key[^}]*\}/, `emit { user: key, gen: ${i} }`);
    write('abc.cep', text);
    await new Promise((r) => setTimeout(r, 40));
  }
  await posting;
  expect(t.logs.find('rules reloaded').length - reloadsBefore).toBeGreaterThanOrEqual(3);
  await flush();
  const got = (await alerts('abc')).filter((a) => String(a.key).startsWith('load'));
  // 30 rounds of a, b, c per user: 10 matches each, each event in exactly one
  expect(got.length).toBe(users * 10);
  expect(new Set(got.map((a) => a.id)).size).toBe(got.length);
  const counters = (await t.service.app.inject({ method: 'GET', url: '/rules/abc' })).json().counters;
  expect(counters.matches).toBe(users * 10);
});

// kill -9 in the middle of a stream: the service restores its last snapshot, replays its event
// log past it, and carries on. No acknowledged event is lost, partial matches started before the
// crash complete after it, and the alerts in the end are exactly those `cepheus run` gives for
// the same events written as JSONL (same order → same positions → same alert ids).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Alert } from '../../../src/engine/alert';
import { CLI, type Child, ensureBuilt, http, startChild } from '../../fixtures/service/child';
import { CRASH_RULES, crashStream, pieces } from '../../fixtures/service/crash-stream';
import { tempDir, waitFor } from '../../fixtures/service/harness';

const EVENTS = 1200;

interface Scenario {
  seed: number;
  /** requests acknowledged before each kill -9 (one entry per crash) */
  killsAfter: number[];
  /** send one more request and kill while it is in flight */
  inFlight?: boolean;
  /**
   * wait for a snapshot halfway to the first kill, then crash before the next one (1 s later),
   * so the restart needs the snapshot and the log past it
   */
  snapshotBetween?: boolean;
}

/** What must be equal between the service and replay: everything but detectedAt. */
function signature(a: Alert): string {
  return JSON.stringify([a.id, a.rule, a.kind, a.key, a.start, a.end, a.revision ?? 0, a.events, a.fields]);
}

function replayAlerts(rulesDir: string, events: object[]): string[] {
  const file = path.join(tempDir('replay'), 'events.jsonl');
  fs.writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const out = execFileSync(process.execPath, [CLI, 'run', '--rules', rulesDir, '--events', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // a window re-fired late replaces its earlier revision, as the alert store keeps it
  const byId = new Map<string, Alert>();
  for (const line of out.split('\n').filter((l) => l !== '')) {
    const a = JSON.parse(line) as Alert;
    if ((byId.get(a.id)?.revision ?? -1) < (a.revision ?? 0)) byId.set(a.id, a);
  }
  return [...byId.values()].map(signature).sort();
}

async function serviceAlerts(base: string): Promise<string[]> {
  const all: Alert[] = [];
  let cursor: string | null = null;
  do {
    const res = await http('GET', `${base}/alerts?limit=1000${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    all.push(...(res.json.alerts as Alert[]));
    cursor = res.json.next;
  } while (cursor !== null);
  return all.map(signature).sort();
}

async function post(base: string, events: object[]): Promise<void> {
  const res = await http('POST', `${base}/events`, events.map((e) => JSON.stringify(e)).join('\n'), { 'content-type': 'application/x-ndjson' });
  expect(res.status).toBe(202);
  expect(res.json).toEqual({ accepted: events.length });
}

/** How many events the service holds: its last log sequence number. */
async function lastSeq(base: string): Promise<number> {
  return (await http('GET', `${base}/health`)).json.lastSeq;
}

async function kill9(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  expect((await child.exit).signal).toBe('SIGKILL');
}

async function runScenario(s: Scenario): Promise<void> {
  const rulesDir = tempDir('rules');
  const dataDir = tempDir('data');
  fs.writeFileSync(path.join(rulesDir, 'crash.cep'), CRASH_RULES);
  const env = { CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: dataDir, CEPHEUS_SNAPSHOT_INTERVAL: s.snapshotBetween === true ? '1s' : '100ms' };
  const events = crashStream(s.seed, EVENTS);
  const sizes = pieces(s.seed, events.length);
  let sent = 0;
  let child = await startChild(env);
  let piece = 0;
  const restores: Restore[] = [];
  for (const killAt of s.killsAfter) {
    for (; piece < killAt; piece++) {
      await post(child.base, events.slice(sent, sent + sizes[piece]));
      sent += sizes[piece];
      if (s.snapshotBetween === true && piece === Math.floor(killAt / 2)) {
        await waitFor(() => fs.existsSync(path.join(dataDir, 'snapshot.json')), 3000, 'a snapshot');
      }
    }
    if (s.inFlight === true) {
      void http('POST', `${child.base}/events`, events.slice(sent, sent + sizes[piece])).catch(() => {});
      await new Promise((r) => setTimeout(r, 1));
    }
    await kill9(child);
    child = await startChild(env);
    // every acknowledged event is there; an unacknowledged request is all there or not at all
    const held = await lastSeq(child.base);
    if (s.inFlight === true) expect([sent, sent + sizes[piece]]).toContain(held);
    else expect(held).toBe(sent);
    if (held > sent) {
      sent = held;
      piece++;
    }
    // restored from a snapshot, then the log past it
    expect(child.lines.find((l) => l.msg === 'state restored')).toMatchObject({ snapshotSeq: expect.any(Number), replayedEvents: expect.any(Number) });
    restores.push(child.lines.find((l) => l.msg === 'state restored') as unknown as Restore);
  }
  for (; sent < events.length; piece++) {
    await post(child.base, events.slice(sent, sent + sizes[piece]));
    sent += sizes[piece];
  }
  const got = await serviceAlerts(child.base);
  child.proc.kill('SIGTERM');
  expect(await child.exit).toEqual({ code: 0, signal: null });
  // the shutdown snapshot holds everything: the log behind it is gone but for the open segment
  expect(fs.readdirSync(path.join(dataDir, 'log')).length).toBeLessThanOrEqual(1);
  const expected = replayAlerts(rulesDir, events);
  expect(expected.length).toBeGreaterThan(20);
  expect(got).toEqual(expected);
  if (s.snapshotBetween === true) {
    expect(restores[0].snapshotSeq).toBeGreaterThan(0);
    expect(restores[0].replayedEvents).toBeGreaterThan(0);
  }
}

interface Restore {
  snapshotSeq: number;
  replayedEvents: number;
}

beforeAll(() => ensureBuilt());

it('kill -9 between acknowledged requests, after a snapshot: same alerts as replay', async () => {
  await runScenario({ seed: 1, killsAfter: [9], snapshotBetween: true });
});

it('kill -9 with a request in flight, then again after the restart: same alerts as replay', async () => {
  await runScenario({ seed: 2, killsAfter: [6, 14], inFlight: true, snapshotBetween: true });
});

it('kill -9 at a random point', async () => {
  const seed = Number(process.env.CRASH_SEED ?? 3 + Math.floor(Math.random() * 1000));
  const at = Number(process.env.CRASH_AT ?? 2 + Math.floor(Math.random() * 15));
  try {
    await runScenario({ seed, killsAfter: [at] });
  } catch (e) {
    throw new Error(`seed ${seed}, kill after ${at} requests: ${(e as Error).message}`);
  }
});

it('a restart that only replayed the log still writes a snapshot when it stops', async () => {
  const rulesDir = tempDir('rules');
  const dataDir = tempDir('data');
  fs.writeFileSync(path.join(rulesDir, 'crash.cep'), CRASH_RULES);
  const env = { CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: dataDir, CEPHEUS_SNAPSHOT_INTERVAL: '1h' };
  const events = crashStream(7, 300).slice(0, 300);
  let child = await startChild(env);
  await post(child.base, events);
  const before = await serviceAlerts(child.base);
  await kill9(child);
  child = await startChild(env);
  expect(child.lines.find((l) => l.msg === 'state restored')).toMatchObject({ snapshotSeq: 0, replayedEvents: 300 });
  child.proc.kill('SIGTERM');
  expect((await child.exit).code).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'snapshot.json'), 'utf8')).positions).toEqual({ log: 300 });
  child = await startChild(env);
  expect(child.lines.find((l) => l.msg === 'state restored')).toMatchObject({ snapshotSeq: 300, replayedEvents: 0 });
  expect(await serviceAlerts(child.base)).toEqual(before);
  child.proc.kill('SIGTERM');
  expect((await child.exit).code).toBe(0);
});

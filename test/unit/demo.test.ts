// The demo's generator (scripts/demo.mjs --out): its streams, replayed through the engine, must
// let every rule of the pack fire, and every planted fraud must be found by the rule it was
// planted for, before the end of input: the streams' own watermarks decide every plant, as they
// do in the service, with nothing waiting for the end-of-input flush or the wall clock.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileRuleFiles } from '../../src/compile/compile-rules';
import type { Alert } from '../../src/engine/alert';
import { Engine } from '../../src/engine/engine';
import { installWindows } from '../../src/engine/windows';

const root = path.join(__dirname, '../..');
const STREAMS = ['transactions', 'logins', 'payments'];
const ID_FIELDS = ['tx_id', 'login_id', 'event_id'];

interface Plant {
  id: string;
  rule: string;
  key: string;
  keys: string[];
  from: number;
  to: number;
  events: string[];
}

function generate(dir: string, seed: number, start = '2026-01-01T00:00:00Z'): void {
  const run = spawnSync(process.execPath, ['scripts/demo.mjs', '--no-post', '--out', dir, '--seed', String(seed), '--start', start], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`demo generator failed: ${run.stderr}`);
}

function readJsonl(file: string): Record<string, unknown>[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
}

function eventIds(alert: Alert): Set<unknown> {
  const ids = new Set<unknown>();
  for (const list of Object.values(alert.events)) {
    for (const e of list as Record<string, unknown>[]) for (const f of ID_FIELDS) if (e[f] !== undefined) ids.add(e[f]);
  }
  return ids;
}

/** the alert reports the plant: same rule, and one of its events, or (windows) its key and time */
function reports(alert: Alert, plant: Plant): boolean {
  if (alert.rule !== plant.rule) return false;
  const ids = eventIds(alert);
  if (plant.events.some((id) => ids.has(id))) return true;
  return alert.kind === 'window' && String(alert.key) === plant.key && alert.start <= plant.to && alert.end > plant.from;
}

/** the alert is about some plant (any rule): shares an event, or a key of it near its time */
function touches(alert: Alert, plant: Plant): boolean {
  const ids = eventIds(alert);
  if (plant.events.some((id) => ids.has(id))) return true;
  const near = 30 * 60_000;
  return plant.keys.includes(String(alert.key)) && alert.start <= plant.to + near && alert.end >= plant.from - near;
}

function compilePack() {
  installWindows();
  const dir = path.join(root, 'rules');
  const inputs = fs.readdirSync(dir).filter((n) => n.endsWith('.cep')).map((n) => ({ file: n, text: fs.readFileSync(path.join(dir, n), 'utf8') }));
  const result = compileRuleFiles(inputs);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.ruleSet;
}

describe('npm run demo, offline', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-demo-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the same seed and start give the same streams', () => {
    generate(path.join(tmp, 'a'), 5);
    generate(path.join(tmp, 'b'), 5);
    for (const f of [...STREAMS.map((s) => `${s}.jsonl`), 'planted.json']) {
      expect(fs.readFileSync(path.join(tmp, 'b', f), 'utf8')).toEqual(fs.readFileSync(path.join(tmp, 'a', f), 'utf8'));
    }
  });

  test.each([42, 7, 2026])('seed %d: every planted fraud is found by its rule, and every rule fires', (seed) => {
    const dir = path.join(tmp, `seed-${seed}`);
    generate(dir, seed);
    const planted: Plant[] = JSON.parse(fs.readFileSync(path.join(dir, 'planted.json'), 'utf8')).planted;
    const ruleSet = compilePack();
    const alerts: Alert[] = [];
    const deadLetters: string[] = [];
    const engine = new Engine(ruleSet, { alert: (a) => alerts.push(a), deadLetter: (d) => deadLetters.push(d.reason) }, () => 0);
    for (const stream of STREAMS) {
      readJsonl(path.join(dir, `${stream}.jsonl`)).forEach((e, i) => engine.ingest(stream, e, String(i + 1)));
    }

    // before the end of input: every plant already decided by the streams' own watermarks
    const missed = planted.filter((p) => !alerts.some((a) => reports(a, p))).map((p) => `${p.id} ${p.rule} ${p.key}`);
    expect(missed).toEqual([]);
    expect(deadLetters).toEqual([]); // nothing late, nothing without a time

    engine.finish();
    const rules = ruleSet.rules.map((r) => r.name).sort();
    expect([...new Set(planted.map((p) => p.rule))].sort()).toEqual(rules);
    for (const rule of rules) expect([rule, alerts.some((a) => a.rule === rule)]).toEqual([rule, true]);

    // normal traffic: few false positives (alerts about no planted fraud at all)
    const normal = alerts.filter((a) => !planted.some((p) => touches(a, p)));
    expect(normal.length).toBeLessThanOrEqual(3);
  });
});

// Runs a conformance case (../shared/conformance/cases/**.json) in-process and compares its
// alerts the way ../shared/conformance/run.mjs does: only the fields the expectations name,
// numbers to 12 significant digits, as a multiset unless the case is `ordered`.
//
// Two drivers: through the Engine (what `cepheus run` does), and straight into the rule's
// runtime in arrival order, the way Flink's WindowOperator sees a stream (each event processed
// when it arrives, the watermark after it): the reference the differential cases come from.

import fs from 'node:fs';
import { compileRuleFiles } from '../../../src/compile/compile-rules';
import { Engine, type RuleRuntime } from '../../../src/engine/engine';
import type { Alert } from '../../../src/engine/alert';
import type { EngineOutput } from '../../../src/engine/output';
import type { SourceRule } from '../../../src/engine/source-runtime';
import { readEventTime } from '../../../src/engine/time/event-time';
import { Watermark } from '../../../src/engine/time/watermark';
import { installWindows } from '../../../src/engine/windows';

export interface Case {
  id: string;
  about?: string;
  rules: string;
  events: Record<string, unknown>[];
  expect: Record<string, unknown>[];
  ordered?: boolean;
}

export const CASES_DIR = `${__dirname}/../../../../shared/conformance/cases`;

export function loadCases(dir: string): { file: string; c: Case }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, c: JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) as Case }));
}

function compile(c: Case) {
  installWindows();
  const compiled = compileRuleFiles([{ file: 'rules.cep', text: c.rules }]);
  if (!compiled.ok) throw new Error(`case ${c.id}: ${JSON.stringify(compiled.diagnostics)}`);
  return compiled.ruleSet;
}

function collector(): { out: EngineOutput; alerts: Alert[]; late: number } {
  const res = { alerts: [] as Alert[], late: 0, out: null as unknown as EngineOutput };
  res.out = {
    alert: (a) => res.alerts.push(a),
    deadLetter: (d) => {
      if (d.reason === 'late') res.late++;
    },
  };
  return res;
}

/** Through the Engine, as `cepheus run` feeds it. */
export function runThroughEngine(c: Case): { alerts: Alert[]; late: number; engine: Engine } {
  const col = collector();
  const engine = new Engine(compile(c), col.out, () => 0);
  c.events.forEach((e, i) => {
    if (typeof e._watermark === 'number') engine.watermark('events', e._watermark);
    else engine.ingest('events', e, String(i + 1));
  });
  engine.finish();
  return { alerts: col.alerts, late: col.late, engine };
}

/** Flink's order: every event handed to the rule on arrival, then the watermark. */
export function runInArrivalOrder(c: Case): { alerts: Alert[]; late: number } {
  const set = compile(c);
  const col = collector();
  const engine = new Engine(set, col.out, () => 0);
  const src = engine.sources.get('events');
  if (src === undefined) throw new Error('no events source');
  const spec = src.spec;
  const rules = [...engine.runtimes.values()] as (SourceRule & RuleRuntime)[];
  const wm = new Watermark(spec.watermarkMs, spec.idleMs);
  const tell = () => rules.forEach((r) => r.onWatermark(wm.value));
  c.events.forEach((e, i) => {
    if (typeof e._watermark === 'number') {
      wm.raiseTo(e._watermark);
      return tell();
    }
    const time = readEventTime(e, spec.timePath);
    const ev = { value: e, time, pos: String(i + 1), arrival: i, partition: '' };
    if (time <= wm.value) {
      for (const r of rules) if (!r.onLate(ev)) col.late++;
    } else rules.forEach((r) => r.onEvent(ev));
    wm.observe(time);
    tell();
  });
  wm.raiseTo(Infinity);
  tell();
  return { alerts: col.alerts, late: col.late };
}

// ---- comparison, as run.mjs ---------------------------------------------------------------------

function canon(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canon(o[k])]));
  }
  return v;
}

function norm(a: Alert, tmpl: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: a.rule, kind: a.kind };
  if (tmpl.key !== undefined) out.key = a.key;
  if (tmpl.fields !== undefined) {
    const f: Record<string, unknown> = {};
    for (const k of Object.keys(tmpl.fields as object)) f[k] = a.fields[k];
    out.fields = f;
  }
  if (tmpl.start !== undefined) out.start = a.start;
  if (tmpl.end !== undefined) out.end = a.end;
  return out;
}

/** null when the alerts match the case's expectations, else what differs. */
export function compareAlerts(c: Case, alerts: readonly Alert[]): string | null {
  const tmpl = Object.assign({}, ...c.expect) as Record<string, unknown>;
  const have = alerts.map((a) => JSON.stringify(canon(norm(a, tmpl))));
  const want = c.expect.map((e) => JSON.stringify(canon(e)));
  const same = c.ordered
    ? JSON.stringify(have) === JSON.stringify(want)
    : JSON.stringify([...have].sort()) === JSON.stringify([...want].sort());
  if (same) return null;
  const extra = [...have];
  const missing = want.filter((x) => {
    const i = extra.indexOf(x);
    if (i >= 0) extra.splice(i, 1);
    return i < 0;
  });
  return `missing: ${missing.join('\n  ')}\nextra: ${extra.join('\n  ')}`;
}

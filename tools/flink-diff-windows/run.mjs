#!/usr/bin/env node
// Differential testing of window rules against real Apache Flink 2.3 (WindowOperator), see README.md.
//
//   node tools/flink-diff-windows/run.mjs --validate              # Flink side vs the shared window-differential cases
//   node tools/flink-diff-windows/run.mjs --cases 1000 --seed 1   # random cases, Flink vs our engine
// Options: --out DIR (default /tmp/flinkdiff-windows), --dist DIR (built engine, default ./dist),
//          --no-minimise, --max-minimise N (default 150), --jobs N (engine worker processes, default 2),
//          --emit P (share of rules that also emit window.start/window.end, default 0),
//          --nondiv P (share of sliding windows whose slide does not divide the size, default 0.35).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseText, differsLine, writeValidation, flag, mk, mulberry32, multisetDiff, minimise as minimiseCases, opt, runJava, runOurs as runEngine, settings } from '../flink-diff/common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { OUT, WORK, DIST, JOBS, SHARED } = settings('/tmp/flinkdiff-windows', '/work/shared/conformance/cases/window-differential');
// share of random rules with `emit { ws: window.start, we: window.end, width: ... }` (outside the shared cases' space)
const EMIT = Number(opt('emit', 0));

// ---------------------------------------------------------------- spec -> rules / Flink job / about
// The shared cases name each function's aggregate the same way.
const AGG = {
  count: { name: 'n', field: '' }, sum: { name: 'total', field: 'amount' }, avg: { name: 'mean', field: 'amount' },
  min: { name: 'lo', field: 'amount' }, max: { name: 'hi', field: 'amount' }, first: { name: 'opening', field: 'amount' },
  last: { name: 'closing', field: 'amount' }, distinct_count: { name: 'merchants', field: 'merchant' },
};
function toRules(s) {
  let r = '';
  if (s.writeWatermark || s.writeLateness) {
    r += 'source events {\n';
    if (s.writeWatermark) r += `  watermark ${s.watermark}ms\n`;
    if (s.writeLateness) r += `  lateness ${s.lateness}ms\n`;
    r += '}\n\n';
  }
  const win = s.window === 'tumbling' ? `tumbling ${s.size}ms` : s.window === 'sliding' ? `sliding ${s.size}ms every ${s.slide}ms` : `session gap ${s.gap}ms`;
  r += `rule w {\n  key key\n  window ${win}\n`;
  r += '  aggregate ' + s.aggs.map((f) => `${AGG[f].name} = ${f}(${AGG[f].field})`).join(', ') + '\n';
  if (s.having) r += `  having ${s.having.agg} ${s.having.op} ${s.having.value}\n`;
  if (s.emit) r += '  emit { ws: window.start, we: window.end, width: window.end - window.start }\n';
  return r + '}\n';
}
function toJob(s) {
  return {
    assigner: s.window, size: s.size, slide: s.slide, gap: s.gap, lateness: s.lateness, watermark: s.watermark,
    aggs: s.aggs.map((f) => ({ name: AGG[f].name, fn: f, field: AGG[f].field })),
    having: s.having ? { name: s.having.agg, op: s.having.op, value: s.having.value } : null,
    emit: !!s.emit,
  };
}
function assignerText(s) {
  if (s.window === 'tumbling') return `TumblingEventTimeWindows.of(Duration.ofMillis(${s.size}))`;
  if (s.window === 'sliding') return `SlidingEventTimeWindows.of(Duration.ofMillis(${s.size}), Duration.ofMillis(${s.slide}))`;
  return `EventTimeSessionWindows.withGap(Duration.ofMillis(${s.gap}))`;
}
function aboutHead(s) {
  const a = assignerText(s);
  return `window differential, expected output from Flink 2.3.0 WindowOperator in a keyed test harness: events.assignTimestampsAndWatermarks(forBoundedOutOfOrderness(${s.watermark}ms), watermark after every event, _watermark lines as watermarks, MAX at end).keyBy(e -> e.key).window(${a}).trigger(EventTimeTrigger.create()).allowedLateness(Duration.ofMillis(${s.lateness})).process(aggregates + having). Assigner ${a}, allowed lateness ${s.lateness}ms, watermark = max ts - ${s.watermark}ms - 1ms.`;
}
function firingStats(f) {
  const c = (x) => f.firings.filter((y) => y.cause === x).length;
  return `Firings: ${c('event')} by the event watermark, ${c('line')} by _watermark lines, ${c('end')} at end of input, ${c('element')} by late events (re-firings or late merges); ${f.firings.filter((y) => !y.pass).length} of all firings fail having. Dropped as late: ${f.dropped.length ? f.dropped.join(',') : 'none'}.`;
}
const about = (s, f, events) => `${aboutHead(s)} ${firingStats(f)}` + (events ? ` Exercises: ${exercises(s, events, f).join('; ')}.` : '');
const expectFromFlink = (f) => f.firings.filter((x) => x.pass).map((x) => ({ rule: 'w', kind: 'window', key: x.key, start: x.start, end: x.end, fields: x.fields }));

// ---------------------------------------------------------------- random generator
const FNS = Object.keys(AGG);
const OPS = ['==', '!=', '<', '<=', '>', '>='];
function genSpec(R, nondiv) {
  const s = { window: R.wpick([['tumbling', 26], ['sliding', 24], ['session', 50]]) };
  if (s.window === 'tumbling') s.size = R.pick([10, 15, 20, 25, 30, 40, 45, 50, 60, 75, 80, 100]);
  if (s.window === 'sliding') {
    if (R.rng() < nondiv) {
      // slides that do not divide the size (and a few with slide == size)
      const pairs = [[25, 10], [50, 15], [40, 15], [30, 20], [45, 20], [75, 20], [20, 15], [35, 10], [100, 30], [60, 25], [25, 25], [30, 30]];
      [s.size, s.slide] = R.pick(pairs);
    } else {
      s.slide = R.pick([5, 10, 15, 20, 25]);
      s.size = s.slide * R.int(2, 5);
    }
  }
  if (s.window === 'session') s.gap = R.pick([5, 8, 10, 15, 20, 25, 30, 40]);
  const nAgg = R.wpick([[1, 4], [2, 3], [3, 3], [4, 2]]);
  const fns = [...FNS];
  s.aggs = [];
  for (let i = 0; i < nAgg; i++) s.aggs.push(fns.splice(Math.floor(R.rng() * fns.length), 1)[0]);
  s.having = null;
  if (R.rng() < 0.45) {
    const f = R.pick(s.aggs);
    const value = f === 'count' ? R.int(1, 5) : f === 'distinct_count' ? R.int(1, 3) : f === 'sum' ? R.pick([10, 25, 35, 45]) : R.int(5, 18);
    s.having = { agg: AGG[f].name, op: R.pick(OPS), value };
  }
  s.watermark = R.rng() < 0.33 ? 0 : R.int(1, 50);
  s.lateness = R.rng() < 0.35 ? 0 : R.int(10, 100);
  s.writeWatermark = s.watermark !== 0 || R.rng() < 0.6;
  s.writeLateness = s.lateness !== 0 || R.rng() < 0.4;
  if (R.rng() < EMIT) s.emit = true;
  return s;
}
function genEvents(R, s) {
  const scale = s.window === 'session' ? s.gap : s.window === 'sliding' ? s.slide : s.size;
  const nk = R.int(1, 4), n = R.int(10, 40);
  let t = R.rng() < 0.3 ? R.int(0, 30) : R.int(1000, 2000);
  let max = -Infinity, wm = -Infinity;
  const D = s.watermark, L = s.lateness;
  const out = [], last = {};
  const lines = R.rng() < 0.3, ties = R.rng() < 0.5;
  let id = 0;
  for (let i = 0; i < n; i++) {
    const r = R.rng();
    if (r < 0.08) t += R.int(scale, 4 * scale);               // a pause: windows fire, sessions end
    else if (r < 0.2) t += 0;                                  // same time as the previous event
    else t += R.int(1, Math.max(2, Math.ceil(scale / 2)));
    const key = `k${R.int(1, nk)}`;
    let ts = t;
    const o = R.rng();
    if (ties && last[key] !== undefined && o < 0.15) ts = last[key];          // tie inside the key
    else if (o < 0.35) ts = t - R.int(0, D + 2);                               // out of order within the bound
    else if (o < 0.45) ts = t - R.int(D + 1, D + L + 2 * scale + 2);           // late, maybe beyond lateness
    if (ts < 0) ts = R.int(0, 3);
    last[key] = ts;
    out.push({ id: `e${++id}`, key, merchant: `m${R.int(1, 4)}`, amount: R.int(1, 20), ts });
    max = Math.max(max, ts); wm = Math.max(wm, max - D - 1);
    if (lines && R.rng() < 0.15) {
      const w = R.rng() < 0.3 ? wm - R.int(1, 15) : max + R.int(-D, 2 * scale);
      out.push({ _watermark: w });
      wm = Math.max(wm, w);
    }
  }
  return out;
}

// ---------------------------------------------------------------- running both sides
function runFlink(cases) {
  return runJava(here, 'flink-diff-windows-1.0.jar', 'cepheus.flinkdiffwindows.Main', [], cases.map((c) => ({ id: c.id, job: toJob(c.spec), events: c.events })), WORK);
}
function runOurs(cases) {
  return runEngine(cases.map((c) => ({ id: c.id, rules: toRules(c.spec), events: c.events })), { dist: DIST, jobs: JOBS, work: WORK });
}

// ---------------------------------------------------------------- comparison (as shared/conformance/run.mjs)
function norm(alert, template) {
  const out = { rule: alert.rule, kind: alert.kind };
  if (template.key !== undefined) out.key = alert.key;
  if (template.fields !== undefined) {
    out.fields = {};
    for (const k of Object.keys(template.fields)) out.fields[k] = alert.fields ? alert.fields[k] : undefined;
  }
  if (template.start !== undefined) out.start = alert.start;
  if (template.end !== undefined) out.end = alert.end;
  return out;
}
function diff(want, got) {
  const tmpl = Object.assign({}, ...want);
  return multisetDiff(want, got.map((a) => norm(a, tmpl)));
}

async function evaluate(items) {
  const fl = runFlink(items);
  const ok = items.filter((c) => !fl.get(c.id).error);
  const ours = ok.length ? await runOurs(ok) : new Map();
  const res = new Map();
  for (const c of items) {
    const f = fl.get(c.id);
    if (f.error) { res.set(c.id, { flinkError: f.error }); continue; }
    const expect = expectFromFlink(f);
    const o = ours.get(c.id);
    if (o.error) { res.set(c.id, { flink: f, expect, oursError: o.error, d: { missing: [], extra: [] } }); continue; }
    res.set(c.id, { flink: f, expect, have: o.alerts, d: diff(expect, o.alerts) });
  }
  return res;
}

// ---------------------------------------------------------------- minimising (ddmin over keys, then events and _watermark lines)
function minimise(fails) {
  return minimiseCases(fails, evaluate, 400);
}

// ---------------------------------------------------------------- alert ids and revisions (LANGUAGE.md 8)
// Not part of the shared comparison (cases carry no ids), so checked apart: a re-firing of a window
// keeps its id with a higher revision; distinct tumbling/sliding windows have distinct ids; a session
// window that grew (by merging, in Flink: its firing's `from`, recorded by the Java side's trigger
// wrapper) from earlier fired sessions carries the id of the earliest-starting of them and a revision
// above all of theirs; any other alert has an id no earlier alert has.
function idIssues(spec, alerts, flink) {
  const issues = [];
  const from = new Map();
  for (const x of flink.firings) {
    const k = `${x.key}|${x.start}|${x.end}`;
    const set = from.get(k) || new Set();
    for (const w of x.from || []) set.add(w);
    from.set(k, set);
  }
  const seen = [];
  for (const a of alerts) {
    const w = `${a.key}|${a.start}|${a.end}`;
    if (typeof a.revision !== 'number' || !a.id) { issues.push(`no id/revision on ${w}`); continue; }
    const anc = new Set([...(from.get(w) || []), `${a.start}:${a.end}`]);
    const prior = seen.filter((p) => p.key === a.key && anc.has(`${p.start}:${p.end}`));
    if (prior.length) {
      const ids = new Set(prior.map((p) => p.id));
      const earliest = [...anc].map((x) => x.split(':').map(Number)).filter(([st, en]) => prior.some((p) => p.start === st && p.end === en)).sort((x, y) => x[0] - y[0])[0];
      const want = prior.find((p) => p.start === earliest[0] && p.end === earliest[1]).id;
      if (!ids.has(a.id)) issues.push(`${w}: new id, but grew from / re-fires earlier alerted window(s) ${prior.map((p) => `${p.start}-${p.end}`).join(',')}`);
      else if (a.id !== want) issues.push(`${w}: id of ${prior.find((p) => p.id === a.id).start}-${prior.find((p) => p.id === a.id).end}, not of the earliest-starting ${earliest[0]}-${earliest[1]}`);
      const top = Math.max(...prior.map((p) => p.revision));
      if (a.revision <= top) issues.push(`${w}: revision ${a.revision} not above ${top}`);
    } else {
      const clash = seen.find((p) => p.id === a.id);
      if (clash) issues.push(`${w}: reuses the id of unrelated window ${clash.key}|${clash.start}-${clash.end}`);
    }
    seen.push(a);
  }
  return issues;
}

// ---------------------------------------------------------------- what a case exercises (from the input and Flink's firings)
function exercises(spec, events, f) {
  const ex = new Set();
  let wm = -Infinity, max = -Infinity;
  const byKey = new Map();
  for (const e of events) {
    if (e._watermark !== undefined) {
      ex.add('_watermark lines');
      if (e._watermark <= wm) ex.add('_watermark line at or below the current watermark');
      wm = Math.max(wm, e._watermark);
      continue;
    }
    if (e.ts <= wm) ex.add('event at or below the watermark');
    if (spec.window === 'session' && e.ts + spec.gap - 1 + spec.lateness <= wm && !f.dropped.includes(e.id)) ex.add('event beyond lateness on its own joins a live session');
    const l = byKey.get(e.key) || []; l.push(e); byKey.set(e.key, l);
    max = Math.max(max, e.ts); wm = Math.max(wm, max - spec.watermark - 1);
  }
  for (const l of byKey.values()) {
    const ts = l.map((e) => e.ts);
    if (new Set(ts).size < ts.length) {
      ex.add('equal timestamps in a key');
      if (spec.aggs.some((a) => a === 'first' || a === 'last') && l.some((a) => l.some((b) => a !== b && a.ts === b.ts && a.amount !== b.amount))) ex.add('first/last tie broken by arrival');
    }
    if (spec.window === 'session') {
      const u = [...new Set(ts)].sort((a, b) => a - b);
      if (u.some((t, i) => i > 0 && t - u[i - 1] === spec.gap)) ex.add('session-touch (event exactly gap after another)');
    }
  }
  if (f.dropped.length) ex.add('events dropped as late');
  if (spec.window === 'sliding' && spec.size % spec.slide) ex.add('slide that does not divide the size');
  const fired = new Map();
  for (const x of f.firings) {
    const prev = fired.get(x.key) || [];
    const same = prev.filter((w) => w.start === x.start && w.end === x.end);
    const inside = new Set(prev.filter((w) => w.start >= x.start && w.end <= x.end && !(w.start === x.start && w.end === x.end)).map((w) => w.start + ':' + w.end));
    if (x.start < 0) ex.add('window start below 0');
    if (x.cause === 'element') {
      if (same.length) {
        ex.add('late re-firing');
        if (JSON.stringify(same[same.length - 1].fields) === JSON.stringify(x.fields)) ex.add('late re-firing with unchanged fields');
      } else if (inside.size) ex.add('fired session grown by a late event, fires at once');
      else ex.add('first firing caused by a late event');
    } else if (inside.size && !same.length) ex.add('fired session grown by a late event, fires later at its new end');
    if (inside.size >= 2) ex.add('fired sessions merged by a late event');
    if (same.length && same[same.length - 1].pass && !x.pass) ex.add('re-firing fails having after a passing firing');
    if (same.length && !same[same.length - 1].pass && x.pass) ex.add('re-firing passes having after a failing firing');
    if (!x.pass) ex.add('firing fails having');
    if ((x.from || []).some((w) => w !== `${x.start}:${x.end}`)) ex.add('window grew from earlier fired session(s) (Flink merge lineage)');
    prev.push(x); fired.set(x.key, prev);
  }
  return [...ex];
}

// ---------------------------------------------------------------- features, for grouping
function features(spec, events, flink) {
  const f = [spec.window];
  if (spec.window === 'sliding' && spec.size % spec.slide) f.push('slide-not-dividing');
  if (spec.lateness > 0) f.push('lateness>0');
  if (spec.having) f.push('having');
  if (events.some((e) => e._watermark !== undefined)) f.push('_watermark-lines');
  const seen = new Set();
  if (events.some((e) => { if (!e.id) return false; const k = e.key + '@' + e.ts; if (seen.has(k)) return true; seen.add(k); return false; })) f.push('ts-ties');
  if (flink) {
    if (flink.dropped.length) f.push('dropped-late');
    if (flink.firings.some((x) => x.cause === 'element')) f.push('late-firing');
  }
  return f;
}

// ---------------------------------------------------------------- modes
async function validate() {
  const files = fs.readdirSync(SHARED).filter((f) => f.endsWith('.json')).sort();
  const cases = files.map((f) => JSON.parse(fs.readFileSync(path.join(SHARED, f), 'utf8')));
  const fl = runFlink(cases.map((c) => ({ id: c.id, spec: c.spec, events: c.events })));
  let ok = 0, rulesOk = 0, headOk = 0, statsOk = 0;
  const bad = [];
  for (const c of cases) {
    const f = fl.get(c.id);
    if (toRules(c.spec) === c.rules) rulesOk++; else bad.push(`${c.id}: rules text differs from generator`);
    if (c.about.includes(aboutHead(c.spec))) headOk++; else bad.push(`${c.id}: about (Flink setup) differs from generator`);
    if (f.error) { bad.push(`${c.id}: Flink error ${f.error}`); continue; }
    if (c.about.includes(firingStats(f))) statsOk++; else bad.push(`${c.id}: firing statistics differ: ours "${firingStats(f)}"`);
    const d = diff(c.expect, expectFromFlink(f).map((a) => ({ ...a })));
    if (!d) ok++; else bad.push(differsLine(c.id, d));
  }
  writeValidation(OUT, `validation: Flink reproduced the expected alerts of ${ok} of ${cases.length} shared cases; rules text ${rulesOk}/${cases.length}, Flink setup in about ${headOk}/${cases.length}, firing statistics in about ${statsOk}/${cases.length}`, bad);
  return ok === cases.length;
}

async function random() {
  const N = Number(opt('cases', 500)), seed = Number(opt('seed', 1)), nondiv = Number(opt('nondiv', 0.35));
  const R = mk(mulberry32(seed * 7919 + 29));
  const items = [];
  for (let i = 0; i < N; i++) {
    const spec = genSpec(R, nondiv);
    items.push({ id: `fdw-s${seed}-${String(i + 1).padStart(4, '0')}`, spec, events: genEvents(R, spec) });
  }
  const t0 = Date.now();
  const res = await evaluate(items);
  const failDir = path.join(OUT, 'fails');
  fs.mkdirSync(failDir, { recursive: true });
  const fails = [], oursErr = [], flinkErr = [];
  let firings = 0, alerts = 0, lateFirings = 0, dropped = 0;
  const coverage = {};
  const idBad = [];
  for (const it of items) {
    const r = res.get(it.id);
    if (r.flinkError) { flinkErr.push(`${it.id}: ${r.flinkError}`); continue; }
    firings += r.flink.firings.length; alerts += r.expect.length; dropped += r.flink.dropped.length;
    lateFirings += r.flink.firings.filter((x) => x.cause === 'element').length;
    for (const x of [it.spec.window, ...exercises(it.spec, it.events, r.flink)]) coverage[x] = (coverage[x] || 0) + 1;
    if (!r.oursError && r.have) { const iss = idIssues(it.spec, r.have, r.flink); if (iss.length) idBad.push({ id: it.id, issues: iss.slice(0, 5), rules: toRules(it.spec), events: it.events, spec: it.spec }); }
    if (r.oursError) oursErr.push({ ...it, err: r.oursError });
    else if (r.d) fails.push(it);
  }
  console.log(`${N} cases (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${fails.length} divergent, ${oursErr.length} rejected/crashed by our engine, ${flinkErr.length} Flink errors; Flink made ${firings} firings (${lateFirings} by late elements), ${alerts} alerts, dropped ${dropped} late events`);
  console.log(`id/revision check (LANGUAGE.md 8, our ids vs Flink's windows and merge lineage): ${idBad.length} cases with issues`);
  if (idBad.length) fs.writeFileSync(path.join(OUT, `id-issues-s${seed}.json`), JSON.stringify(idBad, null, 1));
  console.log('cases exercising: ' + Object.entries(coverage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join('; '));
  let final = fails;
  const maxMin = Number(opt('max-minimise', 150));
  if (!flag('no-minimise') && fails.length) {
    const t1 = Date.now();
    const mins = await minimise(fails.slice(0, maxMin));
    final = [...mins, ...fails.slice(maxMin)];
    console.log(`minimised ${Math.min(fails.length, maxMin)} in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
  }
  const fres = final.length ? await evaluate(final) : new Map();
  const index = [];
  for (const it of [...final, ...oursErr]) {
    const r = fres.get(it.id) || res.get(it.id);
    if (!r || r.flinkError || !r.d) continue;
    const c = { id: it.id, about: about(it.spec, r.flink, it.events), rules: toRules(it.spec), events: it.events, expect: r.expect, spec: it.spec };
    fs.writeFileSync(path.join(failDir, `${it.id}.json`), caseText(c));
    index.push({ id: it.id, features: features(it.spec, it.events, r.flink), missing: r.d.missing, extra: r.d.extra, error: r.oursError, rules: c.rules, events: it.events.length, firings: r.flink.firings });
  }
  fs.writeFileSync(path.join(OUT, `index-s${seed}.json`), JSON.stringify({ seed, cases: N, divergent: fails.length, oursErrors: oursErr.length, flinkErrors: flinkErr, idIssues: idBad.length, coverage, firings, alerts, lateFirings, dropped, fails: index }, null, 1));
  console.log(`wrote ${index.length} case files to ${failDir}; index ${path.join(OUT, `index-s${seed}.json`)}`);
}

// Re-run case files (Flink vs our engine, fresh expectations) and, with --minimise, shrink them again.
async function check() {
  const files = argv.filter((a, i) => !a.startsWith('--') && !['out', 'dist', 'jobs', 'max-minimise'].includes((argv[i - 1] || '').slice(2)));
  const items = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8'))).map((c) => ({ id: c.id, spec: c.spec, events: c.events }));
  const res = await evaluate(items);
  for (const it of items) {
    const r = res.get(it.id);
    console.log(`${it.id}: ${r.flinkError ? 'flink error ' + r.flinkError : r.oursError ? 'our error ' + r.oursError : r.d ? 'DIVERGES' : 'agrees'} (${it.events.length} lines)`);
  }
  if (flag('minimise')) {
    for (const m of await minimise(items.filter((it) => res.get(it.id).d))) console.log(`${m.id}: minimised to ${m.events.length} lines`);
  }
}

if (flag('validate')) process.exit((await validate()) ? 0 : 1);
else if (flag('check')) await check();
else await random();

#!/usr/bin/env node
// Differential testing against real Apache Flink CEP 2.3.0 (see README.md).
//
//   node tools/flink-diff/run.mjs --validate                 # Flink side vs the shared differential cases
//   node tools/flink-diff/run.mjs --cases 500 --seed 1       # random cases, Flink vs our engine
// Options: --out DIR (default /tmp/flinkdiff), --dist DIR (built engine, default ./dist),
//          --no-minimise, --max-minimise N (default 80), --ties P (share of cases with same-ts
//          events inside a key, default 0.3), --jobs N (engine worker processes, default 2).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canon, caseText, differsLine, writeValidation, flag, mk, mulberry32, multisetDiff, minimise as minimiseCases, opt, runJava, runOurs as runEngine, settings } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { OUT, WORK, DIST, JOBS, SHARED } = settings('/tmp/flinkdiff', '/work/shared/conformance/cases/differential');

// ---------------------------------------------------------------- random generator
const NAMES = ['a', 'b', 'c', 'd'];
function genLeaf(R) {
  if (R.rng() < 0.6) return { field: 'name', cmp: R.wpick([['==', 5], ['!=', 1]]), value: R.pick(NAMES) };
  return { field: 'price', cmp: R.pick(['==', '!=', '<', '<=', '>', '>=']), value: R.int(1, 5) };
}
function genCond(R) {
  const r = R.rng();
  if (r < 0.55) return { field: 'name', cmp: R.wpick([['==', 6], ['!=', 1]]), value: R.pick(NAMES) };
  if (r < 0.63) return { field: 'price', cmp: R.pick(['==', '!=', '<', '<=', '>', '>=']), value: R.int(1, 5) };
  if (r < 0.83) return { op: 'and', args: [{ field: 'name', cmp: R.wpick([['==', 4], ['!=', 1]]), value: R.pick(NAMES) }, { field: 'price', cmp: R.pick(['==', '!=', '<', '<=', '>', '>=']), value: R.int(1, 5) }] };
  if (r < 0.93) return { op: 'or', args: [{ field: 'name', cmp: '==', value: R.pick(NAMES) }, { field: 'name', cmp: '==', value: R.pick(NAMES) }] };
  return { op: 'or', args: [{ op: 'and', args: [{ field: 'name', cmp: '==', value: R.pick(NAMES) }, { field: 'price', cmp: R.pick(['<', '<=', '>', '>=', '!=']), value: R.int(1, 5) }] }, { field: 'name', cmp: '==', value: R.pick(NAMES) }] };
}
const LOOPING = (q) => q === '+' || q === '*' || q.startsWith('{');
const OPTIONAL = (q) => q === '?' || q === '*' || /^\{0,/.test(q) || q.endsWith('}?');
const UNBOUNDED = (q) => q === '+' || q === '*' || /^\{\d+,\}\??$/.test(q);
function genQuant(R) {
  const q = R.wpick([['', 48], ['?', 6], ['+', 16], ['*', 7], ['{n}', 6], ['{n,}', 7], ['{n,m}', 10]]);
  let s = q;
  if (q === '{n}') s = `{${R.int(2, 3)}}`;
  if (q === '{n,}') s = `{${R.int(1, 3)},}`;
  if (q === '{n,m}') { const a = R.wpick([[0, 1], [1, 5], [2, 4]]); s = `{${a},${a + R.int(1, 2)}}`; }
  if (s.startsWith('{') && !s.startsWith('{0') && R.rng() < 0.06) s += '?';
  return s;
}
function genSpec(R, xstyle) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = R.wpick([[1, 1], [2, 3], [3, 2.5], [4, 2.5]]);
    const steps = [];
    for (let i = 0; i < n; i++) {
      const contiguity = i === 0 ? 'begin' : R.wpick([['next', 13], ['followedBy', 16], ['followedByAny', 11], ['notNext', 4], ['notFollowedBy', 4.5]]);
      const neg = contiguity.startsWith('not');
      const quant = neg ? '' : genQuant(R);
      let mod = '';
      if (LOOPING(quant)) mod = R.wpick([['', 6], ['greedy', 1.3], ['combinations', 1.5], ['consecutive', 1.5]]);
      let until = null;
      if (xstyle && UNBOUNDED(quant) && R.rng() < 0.3) until = genCond(R);
      const cond = R.rng() < 0.04 ? null : genCond(R);
      steps.push({ name: `s${i + 1}`, contiguity, cond, quant, mod, until });
    }
    const within = R.rng() < 0.55 ? R.int(3, 12) : null;
    const pos = steps.filter((s) => !s.contiguity.startsWith('not')).map((s) => s.name);
    const skip = R.wpick([['noSkip', 12], ['skipToNext', 4], ['skipPastLastEvent', 4], ['skipToFirst', 5], ['skipToLast', 5]]);
    const spec = { steps, within, skip: skip.startsWith('skipTo') && skip !== 'skipToNext' ? `${skip}:${R.pick(pos)}` : skip };
    if (xstyle) {
      spec.filter = R.rng() < 0.3 ? genLeaf(R) : null;
      spec.timeouts = within != null && R.rng() < 0.7;
    }
    if (validSpec(spec)) return spec;
  }
  throw new Error('could not generate a valid spec');
}
// Restrictions shared by Flink's Pattern API and LANGUAGE.md 5.2-5.3 (patterns outside them are not generated).
function validSpec(spec) {
  const st = spec.steps;
  for (let i = 0; i < st.length; i++) {
    const s = st[i], prev = st[i - 1], neg = s.contiguity.startsWith('not');
    if (neg && (!s.cond)) return false;
    if (neg && prev && (OPTIONAL(prev.quant) || prev.contiguity.startsWith('not'))) return false;
    if (prev && prev.contiguity === 'notFollowedBy' && s.contiguity === 'next') return false;
    if (prev && prev.contiguity === 'notFollowedBy' && s.contiguity === 'notNext') return false;
    if (prev && prev.mod === 'greedy' && OPTIONAL(s.quant)) return false;
    if (s.mod === 'greedy' && neg) return false;
    if (s.until && !UNBOUNDED(s.quant)) return false;
  }
  if (st[st.length - 1].contiguity === 'notFollowedBy' && spec.within == null) return false;
  if (st.length === 1 && st[0].quant === '' && st[0].cond == null) return false;
  return true;
}
function genEvents(R, ties) {
  const nk = R.int(3, 5), all = [];
  for (let k = 1; k <= nk; k++) {
    let ts = 0;
    const n = R.int(4, 12);
    for (let i = 1; i <= n; i++) {
      ts += ties && R.rng() < 0.2 ? 0 : R.int(1, 3);
      if (ts === 0) ts = 1;
      all.push({ id: `k${k}-${i}`, key: `k${k}`, name: R.pick(NAMES), price: R.int(1, 5), ts, r: R.rng(), seq: i });
    }
  }
  all.sort((a, b) => a.ts - b.ts || (a.key === b.key ? a.seq - b.seq : a.r - b.r));
  return all.map(({ id, key, name, price, ts }) => ({ id, key, name, price, ts }));
}

// ---------------------------------------------------------------- spec -> our language / Flink text
function condRules(c, nested = false) {
  if (c.op) {
    const s = c.args.map((a) => condRules(a, true)).join(c.op === 'and' ? ' and ' : ' or ');
    return nested ? `(${s})` : s;
  }
  return `${c.field} ${c.cmp} ${JSON.stringify(c.value)}`;
}
function condFlink(c, nested = false) {
  if (c.op) {
    const s = c.args.map((a) => condFlink(a, true)).join(c.op === 'and' ? ' && ' : ' || ');
    return nested ? `(${s})` : s;
  }
  return `${c.field}${c.cmp}${JSON.stringify(c.value)}`;
}
const SEP = { next: ' ', followedBy: ' -> ', followedByAny: ' ->> ', notNext: ' !', notFollowedBy: ' -> !' };
function toRules(spec) {
  let pat = '';
  for (const s of spec.steps) {
    pat += s.contiguity === 'begin' ? '' : SEP[s.contiguity];
    pat += s.name + s.quant;
    if (s.until) pat += ` until(${condRules(s.until)})`;
    if (s.mod) pat += ' ' + s.mod;
  }
  let r = 'rule p {\n  key key\n';
  if (spec.filter) r += `  filter ${condRules(spec.filter)}\n`;
  r += `  pattern ${pat}\n`;
  const w = spec.steps.filter((s) => s.cond);
  if (w.length) r += '  where\n' + w.map((s) => `    ${s.name}: ${condRules(s.cond)}\n`).join('');
  if (spec.within != null) r += `  within ${spec.within}ms\n`;
  const sk = spec.skip;
  if (sk === 'skipToNext') r += '  skip to next\n';
  else if (sk === 'skipPastLastEvent') r += '  skip past last\n';
  else if (sk.startsWith('skipToFirst:')) r += `  skip to first ${sk.slice(12)}\n`;
  else if (sk.startsWith('skipToLast:')) r += `  skip to last ${sk.slice(11)}\n`;
  if (spec.timeouts) r += '  on timeout emit { timedOut: true }\n';
  return r + '}\n';
}
function quantFlink(q) {
  if (q === '') return '';
  if (q === '?') return '.optional()';
  if (q === '+') return '.oneOrMore()';
  if (q === '*') return '.oneOrMore().optional()';
  const opt = q.endsWith('?') ? '.optional()' : '';
  const body = q.replace(/\?$/, '').slice(1, -1);
  if (!body.includes(',')) return `.times(${body})${opt}`;
  const [a, b] = body.split(',');
  return (b === '' ? `.timesOrMore(${a})` : `.times(${a}, ${b})`) + opt;
}
function toFlink(spec) {
  const sk = spec.skip;
  const skip = sk.startsWith('skipToFirst:') ? `skipToFirst("${sk.slice(12)}")` : sk.startsWith('skipToLast:') ? `skipToLast("${sk.slice(11)}")` : `${sk}()`;
  let p = 'Pattern.<Event>';
  for (const s of spec.steps) {
    p += s.contiguity === 'begin' ? `begin("${s.name}", ${skip})` : `.${s.contiguity}("${s.name}")`;
    if (s.cond) p += `.where(${condFlink(s.cond)})`;
    p += quantFlink(s.quant);
    if (s.mod) p += { greedy: '.greedy()', combinations: '.allowCombinations()', consecutive: '.consecutive()' }[s.mod];
    if (s.until) p += `.until(${condFlink(s.until)})`;
  }
  if (spec.within != null) p += `.within(Duration.ofMillis(${spec.within}))`;
  if (spec.filter) p = `[input filtered by ${condFlink(spec.filter)} before CEP; watermarks from all events] ` + p;
  if (spec.timeouts) p += ' [with TimedOutPartialMatchHandler]';
  return p;
}
const ABOUT = 'differential, expected output from Flink 2.3.0 CepOperator (event time, watermark max ts - 1 after each event, final MAX watermark). Flink pattern: ';
const about = (spec) => `${ABOUT}${toFlink(spec)} | spec: ${JSON.stringify(spec)}`;

// ---------------------------------------------------------------- running both sides
function runFlink(cases) {
  return runJava(here, 'flink-diff-1.0.jar', 'cepheus.flinkdiff.Main', ['-Xss8m'], cases.map((c) => ({ id: c.id, spec: c.spec, events: c.events })), WORK);
}
// The shared cases' expected alerts are Flink's output with each timed-out partial match reported
// once per (key, events) and not at all when the same events were emitted as a match (LANGUAGE.md
// 5.5); this reproduces all 300 shared cases.
const stepsOnly = (ev) => Object.fromEntries(Object.entries(ev || {}).filter(([, l]) => l && l.length));
function expectFromFlink(alerts) {
  const matched = new Set(alerts.filter((a) => a.kind === 'match').map((a) => JSON.stringify(canon([a.key, stepsOnly(a.events)]))));
  const seen = new Set(), out = [];
  for (const a of alerts) {
    const k = JSON.stringify(canon([a.key, stepsOnly(a.events)]));
    if (a.kind === 'timeout') { if (seen.has(k) || matched.has(k)) continue; seen.add(k); }
    out.push({ rule: 'p', kind: a.kind, key: a.key, events: stepsOnly(a.events) });
  }
  return out;
}
function runOurs(cases) {
  return runEngine(cases, { dist: DIST, jobs: JOBS, work: WORK });
}

// ---------------------------------------------------------------- comparison (as run.mjs)
const ids = (list) => (list || []).map((e) => (e && typeof e === 'object' ? e.id : e));
function normOurs(a) {
  const events = {};
  for (const [step, list] of Object.entries(a.events || {})) if (list && list.length) events[step] = ids(list);
  return { rule: a.rule, kind: a.kind, key: a.key, events };
}
const diff = multisetDiff;

function makeCase(id, spec, events, expect) {
  return { id, about: about(spec), rules: toRules(spec), events, expect, spec };
}
// Evaluate a list of {id, spec, events}: returns Map id -> {flinkError?, oursError?, expect, have, d}
async function evaluate(items) {
  const cases = items.map((it) => ({ ...it, rules: toRules(it.spec) }));
  const fl = runFlink(cases);
  const ok = cases.filter((c) => !fl.get(c.id).error);
  const ours = ok.length ? await runOurs(ok) : new Map();
  const res = new Map();
  for (const c of cases) {
    const f = fl.get(c.id);
    if (f.error) { res.set(c.id, { flinkError: f.error }); continue; }
    const expect = expectFromFlink(f.alerts);
    const o = ours.get(c.id);
    if (o.error) { res.set(c.id, { expect, oursError: o.error, d: { missing: [], extra: [] } }); continue; }
    const have = o.alerts.map(normOurs);
    res.set(c.id, { expect, have, d: diff(expect, have) });
  }
  return res;
}

// ---------------------------------------------------------------- minimising
// ddmin-style over keys then events, all still-shrinking cases batched per round (one JVM run).
function minimise(fails) {
  return minimiseCases(fails, evaluate, 60);
}

// ---------------------------------------------------------------- features, for grouping
function features(spec, events) {
  const f = [];
  for (const s of spec.steps) {
    if (s.contiguity !== 'begin') f.push(s.contiguity);
    if (s.quant) f.push(s.quant === '?' || s.quant === '+' || s.quant === '*' ? `quant${s.quant}` : s.quant.endsWith('?') ? 'quant{..}?' : `quant${s.quant.replace(/\d+/g, 'n')}`);
    if (s.mod) f.push(s.mod);
    if (s.until) f.push('until');
  }
  f.push(spec.skip.split(':')[0]);
  if (spec.within != null) f.push('within');
  if (spec.filter) f.push('filter');
  if (spec.timeouts) f.push('timeouts');
  const seen = new Set();
  if (events.some((e) => { const k = e.key + '@' + e.ts; if (seen.has(k)) return true; seen.add(k); return false; })) f.push('ts-ties');
  return [...new Set(f)];
}

// ---------------------------------------------------------------- modes
async function validate() {
  const files = fs.readdirSync(SHARED).filter((f) => f.endsWith('.json')).sort();
  const cases = files.map((f) => JSON.parse(fs.readFileSync(path.join(SHARED, f), 'utf8')));
  const fl = runFlink(cases.map((c) => ({ id: c.id, spec: c.spec, events: c.events })));
  let ok = 0, rulesOk = 0, aboutOk = 0;
  const bad = [];
  for (const c of cases) {
    const f = fl.get(c.id);
    if (toRules(c.spec) === c.rules) rulesOk++; else bad.push(`${c.id}: rules text differs from generator`);
    if (about(c.spec) === c.about) aboutOk++; else bad.push(`${c.id}: about text differs from generator`);
    if (f.error) { bad.push(`${c.id}: Flink error ${f.error}`); continue; }
    const d = diff(c.expect.map((e) => ({ ...e, events: stepsOnly(e.events) })), expectFromFlink(f.alerts));
    if (!d) ok++; else bad.push(differsLine(c.id, d));
  }
  writeValidation(OUT, `validation: Flink reproduced ${ok} of ${cases.length} shared cases; rules text ${rulesOk}/${cases.length}, about text ${aboutOk}/${cases.length}`, bad);
  return ok === cases.length;
}

async function random() {
  const N = Number(opt('cases', 500)), seed = Number(opt('seed', 1)), ties = Number(opt('ties', 0.3));
  const R = mk(mulberry32(seed * 7919 + 17));
  const items = [];
  for (let i = 0; i < N; i++) {
    const xstyle = R.rng() < 0.5;
    const spec = genSpec(R, xstyle);
    items.push({ id: `fd-s${seed}-${String(i + 1).padStart(4, '0')}`, spec, events: genEvents(R, R.rng() < ties) });
  }
  const t0 = Date.now();
  const res = await evaluate(items);
  const failDir = path.join(OUT, 'fails');
  fs.mkdirSync(failDir, { recursive: true });
  const fails = [], oursErr = [], flinkErr = [];
  for (const it of items) {
    const r = res.get(it.id);
    if (r.flinkError) flinkErr.push(`${it.id}: ${r.flinkError} :: ${toFlink(it.spec)}`);
    else if (r.oursError) oursErr.push({ ...it, err: r.oursError, expect: r.expect });
    else if (r.d) fails.push(it);
  }
  console.log(`${N} cases (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${fails.length} divergent, ${oursErr.length} rejected/crashed by our engine, ${flinkErr.length} rejected by Flink`);
  let final = fails;
  const maxMin = Number(opt('max-minimise', 80));
  if (!flag('no-minimise') && fails.length) {
    const t1 = Date.now();
    const mins = await minimise(fails.slice(0, maxMin));
    final = [...mins, ...fails.slice(maxMin)];
    console.log(`minimised ${Math.min(fails.length, maxMin)} in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
  }
  const fres = final.length ? await evaluate(final) : new Map();
  const index = [];
  for (const it of final) {
    const r = fres.get(it.id);
    if (!r || r.flinkError || !r.d) continue;
    const c = makeCase(it.id, it.spec, it.events, r.expect);
    fs.writeFileSync(path.join(failDir, `${it.id}.json`), caseText(c));
    index.push({ id: it.id, features: features(it.spec, it.events), missing: r.d.missing, extra: r.d.extra, rules: c.rules, flink: toFlink(it.spec), events: it.events.length });
  }
  for (const it of oursErr) {
    const c = makeCase(it.id, it.spec, it.events, it.expect);
    fs.writeFileSync(path.join(failDir, `${it.id}.json`), caseText(c));
    index.push({ id: it.id, features: features(it.spec, it.events), error: it.err, rules: c.rules, flink: toFlink(it.spec) });
  }
  fs.writeFileSync(path.join(OUT, `index-s${seed}.json`), JSON.stringify({ seed, cases: N, divergent: fails.length, oursErrors: oursErr.length, flinkErrors: flinkErr, fails: index }, null, 1));
  console.log(`wrote ${index.length} case files to ${failDir}; index ${path.join(OUT, `index-s${seed}.json`)}`);
}

// For every case in OUT/fails: does the divergence survive with the skip strategy set to noSkip,
// with timeouts off, with the filter off? Writes OUT/classify.json (used to group summary.md).
async function classify() {
  const dir = path.join(OUT, 'fails');
  const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  const variants = [];
  for (const c of cases) {
    variants.push({ id: `${c.id}|same`, spec: c.spec, events: c.events });
    if (c.spec.skip !== 'noSkip') variants.push({ id: `${c.id}|noSkip`, spec: { ...c.spec, skip: 'noSkip' }, events: c.events });
    if (c.spec.timeouts) variants.push({ id: `${c.id}|noTimeouts`, spec: { ...c.spec, timeouts: false }, events: c.events });
    if (c.spec.within != null && !c.spec.timeouts && c.spec.steps[c.spec.steps.length - 1].contiguity !== 'notFollowedBy') variants.push({ id: `${c.id}|noWithin`, spec: { ...c.spec, within: null }, events: c.events });
  }
  const res = await evaluate(variants);
  const out = {};
  for (const v of variants) {
    const [id, what] = v.id.split('|');
    const r = res.get(v.id);
    (out[id] = out[id] || {})[what] = r.flinkError ? 'flink-error' : r.oursError ? 'ours-error' : r.d ? 'diverges' : 'agrees';
  }
  fs.writeFileSync(path.join(OUT, 'classify.json'), JSON.stringify(out, null, 1));
  const tally = {};
  for (const [id, o] of Object.entries(out)) { const k = Object.entries(o).map(([a, b]) => `${a}:${b}`).join(' '); tally[k] = (tally[k] || 0) + 1; }
  console.log(tally);
}

if (flag('validate')) process.exit((await validate()) ? 0 : 1);
else if (flag('classify')) await classify();
else await random();

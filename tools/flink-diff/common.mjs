// What the two differential tools (flink-diff for patterns, flink-diff-windows for window rules)
// share: options, the seeded generator, running Flink's side (a Java batch) and ours (engine
// worker processes) on JSON-lines files, the comparison's canonical form, and case files.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);

export const opt = (name, def) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : def; };
export const flag = (name) => argv.includes('--' + name);

/** --out (default `defaultOut`), --dist, --jobs, --shared, and a work folder under --out. */
export function settings(defaultOut, defaultShared) {
  const OUT = path.resolve(opt('out', defaultOut));
  const WORK = path.join(OUT, 'work');
  fs.mkdirSync(WORK, { recursive: true });
  return { OUT, WORK, DIST: path.resolve(opt('dist', 'dist')), JOBS: Number(opt('jobs', 2)), SHARED: opt('shared', defaultShared) };
}

// ---------------------------------------------------------------- seeded generator
export function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export function mk(rng) {
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  const wpick = (pairs) => { let t = rng() * pairs.reduce((s, p) => s + p[1], 0); for (const [v, w] of pairs) { if ((t -= w) < 0) return v; } return pairs[pairs.length - 1][0]; };
  return { int, pick, wpick, rng };
}

// ---------------------------------------------------------------- running both sides
let batchNo = 0;
const readLines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** One JVM over a batch: `lines` in, one result line per case out, as a Map by id. */
export function runJava(toolDir, jar, mainClass, javaArgs, lines, work) {
  const n = batchNo++;
  const inF = path.join(work, `flink-in-${n}.jsonl`), outF = path.join(work, `flink-out-${n}.jsonl`);
  fs.writeFileSync(inF, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const cp = [path.join(toolDir, 'target', jar), path.join(toolDir, 'target', 'lib', '*')].join(path.delimiter);
  const r = spawnSync('java', [...javaArgs, '-cp', cp, mainClass, inF, outF], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`java failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const res = new Map(readLines(outF).map((x) => [x.id, x]));
  fs.rmSync(inF); fs.rmSync(outF);
  return res;
}

/** Our engine on `{id, rules, events}` items, split over `jobs` worker processes: a Map by id. */
export function runOurs(items, { dist, jobs, work }) {
  const n = batchNo++;
  const chunks = Array.from({ length: Math.min(jobs, items.length) }, () => []);
  items.forEach((c, i) => chunks[i % chunks.length].push(c));
  return Promise.all(chunks.map((chunk, j) => new Promise((resolve, reject) => {
    const inF = path.join(work, `ours-in-${n}-${j}.jsonl`), outF = path.join(work, `ours-out-${n}-${j}.jsonl`);
    fs.writeFileSync(inF, chunk.map((c) => JSON.stringify({ id: c.id, rules: c.rules, events: c.events })).join('\n') + '\n');
    const child = spawn(process.execPath, [path.join(here, 'engine-worker.mjs'), dist, inF, outF], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`engine worker failed: ${err.slice(-2000)}`));
      const res = readLines(outF);
      fs.rmSync(inF); fs.rmSync(outF);
      resolve(res);
    });
  }))).then((parts) => new Map(parts.flat().map((x) => [x.id, x])));
}

// ---------------------------------------------------------------- comparison (as shared/conformance/run.mjs)
export function canon(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
  return v;
}

/** Multiset comparison of normalised alerts: null when equal, else what is missing and extra. */
export function multisetDiff(want, have) {
  const a = have.map((x) => JSON.stringify(canon(x))), b = want.map((x) => JSON.stringify(canon(x)));
  if (JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())) return null;
  const missing = b.filter((x) => { const i = a.indexOf(x); if (i >= 0) { a.splice(i, 1); return false; } return true; });
  return { missing, extra: a };
}

// ---------------------------------------------------------------- minimising
/**
 * ddmin over a divergent case's keys, then over its single lines (events and control lines):
 * drop a chunk while the case still diverges, refining the chunks when none can go. `evaluate`
 * takes `{id, spec, events}` items and returns a Map id -> {flinkError?, d} (d: the divergence).
 */
export async function minimise(fails, evaluate, rounds) {
  const state = fails.map((f) => ({ ...f, gran: 2, phase: 'keys', done: false }));
  const unitOf = (s, e) => (s.phase === 'keys' ? e.key ?? '#lines' : e);
  for (let round = 0; round < rounds && state.some((s) => !s.done); round++) {
    const cands = [];
    for (const s of state.filter((x) => !x.done)) {
      const units = [...new Set(s.events.map((e) => unitOf(s, e)))];
      s.tried = 0;
      if (units.length <= 1) { if (s.phase === 'keys') { s.phase = 'events'; s.gran = 2; } else s.done = true; continue; }
      const g = Math.min(s.gran, units.length);
      const size = Math.ceil(units.length / g);
      for (let i = 0; i < units.length; i += size) {
        const drop = new Set(units.slice(i, i + size));
        const events = s.events.filter((e) => !drop.has(unitOf(s, e)));
        // a candidate keeps at least one event (control lines alone say nothing)
        if (events.some((e) => e.id)) cands.push({ owner: s, id: `${s.id}~${round}~${i}`, spec: s.spec, events });
      }
      s.tried = g;
      s.nUnits = units.length;
    }
    if (!cands.length) continue;
    const res = await evaluate(cands);
    const progressed = new Set();
    for (const c of cands) {
      const s = c.owner;
      if (progressed.has(s)) continue;
      const r = res.get(c.id);
      if (r && !r.flinkError && r.d) { s.events = c.events; s.gran = Math.max(2, s.gran - 1); progressed.add(s); }
    }
    for (const s of state.filter((x) => !x.done && !progressed.has(x) && x.tried)) {
      if (s.tried >= s.nUnits) { if (s.phase === 'keys') { s.phase = 'events'; s.gran = 2; } else s.done = true; } else s.gran = Math.min(s.nUnits, s.gran * 2);
      s.tried = 0;
    }
  }
  return state.map((s) => ({ id: s.id, spec: s.spec, events: s.events }));
}

/** A case file in the shared conformance format, one event or expectation a line. */
export function caseText(c) {
  return '{\n' +
    `  "id": ${JSON.stringify(c.id)},\n` +
    `  "about": ${JSON.stringify(c.about)},\n` +
    `  "rules": ${JSON.stringify(c.rules)},\n` +
    '  "events": [\n' + c.events.map((e) => '    ' + JSON.stringify(e)).join(',\n') + '\n  ],\n' +
    '  "expect": [\n' + c.expect.map((e) => '    ' + JSON.stringify(e)).join(',\n') + (c.expect.length ? '\n' : '') + '  ],\n' +
    `  "spec": ${JSON.stringify(c.spec)}\n}\n`;
}

/** One validation line for a case whose expected alerts Flink did not reproduce. */
export function differsLine(id, d) {
  return `${id}: differs\n  missing: ${d.missing.join('\n           ')}\n  extra:   ${d.extra.join('\n           ')}`;
}

/** Writes the validation report (summary line, then the problems) to OUT and stdout. */
export function writeValidation(out, summary, bad) {
  const text = `${summary}\n${bad.join('\n')}\n`;
  fs.writeFileSync(path.join(out, 'validation.txt'), text);
  process.stdout.write(text);
}

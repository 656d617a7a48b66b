#!/usr/bin/env node
// Runs the shared conformance runner over the given case directories and fails unless every
// failure is a case listed, with its reason, in test/conformance/known-broken.json. A listed case
// that passes fails the run too, so the list cannot go stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const known = JSON.parse(fs.readFileSync(new URL('../test/conformance/known-broken.json', import.meta.url), 'utf8')).cases;
const dirs = process.argv.slice(2);
const res = spawnSync(process.execPath, ['../shared/conformance/run.mjs', ...dirs], { encoding: 'utf8', maxBuffer: 1 << 28 });
process.stdout.write(res.stdout);
process.stderr.write(res.stderr);

const summary = res.stdout.match(/conformance: (\d+) passed, (\d+) failed/);
if (!summary) {
  console.log('conformance: 0 passed, 1 failed (the runner printed no summary)');
  process.exit(1);
}
const failed = new Set([...res.stdout.matchAll(/^FAIL ([^:\s]+):/gm)].map((m) => m[1]));
const selected = (id) => dirs.some((d) => fs.existsSync(path.join(d, `${id}.json`)));
const excused = [...failed].filter((id) => id in known);
const unexpected = [...failed].filter((id) => !(id in known));
const stale = Object.keys(known).filter((id) => selected(id) && !failed.has(id));
for (const id of excused) console.log(`excused ${id}: ${known[id]}`);
for (const id of stale) console.log(`stale: ${id} passes now; remove it from test/conformance/known-broken.json`);
const passed = Number(summary[1]);
console.log(`conformance: ${passed} passed, ${unexpected.length + stale.length} failed${excused.length ? `, ${excused.length} skipped` : ''}`);
process.exit(unexpected.length + stale.length === 0 ? 0 : 1);

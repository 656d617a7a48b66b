#!/usr/bin/env node
// Runs our engine in-process on many cases, exactly as `cepheus run` does (src/cli/run.ts):
// compileRuleFiles -> Engine -> replay (watermark +inf at the end). Used for speed (random cases
// and minimising); every divergence written by run.mjs is re-checked with the real CLI.
//   node engine-worker.mjs DIST_DIR IN.jsonl OUT.jsonl      (IN lines: {"id","rules","events"})
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';

const [dist, inFile, outFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const R = (p) => require(path.resolve(dist, p));
const { compileRuleFiles } = R('src/compile/compile-rules.js');
const { installWindows } = R('src/engine/windows/index.js');
const { Engine } = R('src/engine/engine.js');
const { replay } = R('src/io/files/replay.js');
installWindows();

const out = fs.openSync(outFile, 'w');
for (const line of fs.readFileSync(inFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  const res = { id: c.id };
  try {
    const compiled = compileRuleFiles([{ file: 'rules.cep', text: c.rules }]);
    if (!compiled.ok) {
      res.error = 'compile: ' + JSON.stringify(compiled.diagnostics).slice(0, 500);
    } else {
      const alerts = [];
      const output = { alert: (a) => alerts.push(JSON.parse(JSON.stringify(a))), deadLetter: () => {} };
      const engine = new Engine(compiled.ruleSet, output, Date.now);
      const text = c.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
      await replay(engine, 'events', Readable.from([text]), () => {});
      res.alerts = alerts;
    }
  } catch (e) {
    res.error = String(e && e.stack || e).slice(0, 800);
  }
  fs.writeSync(out, JSON.stringify(res) + '\n');
}
fs.closeSync(out);

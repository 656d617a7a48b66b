// The demo without the service: the generated streams through the built engine (dist/), as
// `cepheus run` would replay them, all streams in one engine.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function runOffline(rulesDir, streams) {
  const dist = path.join(root, 'dist/src');
  if (!fs.existsSync(path.join(dist, 'engine/engine.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const require = createRequire(import.meta.url);
  const { compileRuleFiles } = require(path.join(dist, 'compile/compile-rules.js'));
  const { installWindows } = require(path.join(dist, 'engine/windows/index.js'));
  const { Engine } = require(path.join(dist, 'engine/engine.js'));
  const { readRuleInputs } = require(path.join(dist, 'cli/load-rules.js'));
  installWindows();
  const compiled = compileRuleFiles(readRuleInputs([rulesDir]));
  if (!compiled.ok) {
    const lines = compiled.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`);
    throw new Error(`the rules do not compile:\n${lines.join('\n')}`);
  }
  const alerts = [];
  const deadLetters = {};
  const engine = new Engine(compiled.ruleSet, {
    alert: (a) => alerts.push(a),
    deadLetter: (d) => {
      deadLetters[d.reason] = (deadLetters[d.reason] ?? 0) + 1;
    },
  }, Date.now);
  for (const [name, events] of Object.entries(streams)) {
    events.forEach((e, i) => engine.ingest(name, e, String(i + 1)));
  }
  engine.finish();
  return { alerts, deadLetters, rules: compiled.ruleSet.rules.map((r) => r.name) };
}

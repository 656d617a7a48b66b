// `cepheus run --rules PATH... --events FILE|- [--stream NAME] [--out FILE|-]` (LANGUAGE.md 13).

import fs from 'node:fs';
import { compileRuleFiles } from '../compile/compile-rules';
import { installWindows } from '../engine/windows';
import { Engine } from '../engine/engine';
import type { EngineOutput } from '../engine/output';
import { replay } from '../io/files/replay';
import { type ParsedArgs, one, usage } from './args';
import { readRuleInputs } from './load-rules';
import { printDiagnostics } from './print-diagnostics';
import { BufferedWriter } from './buffered-writer';

export async function runCommand(args: ParsedArgs): Promise<number> {
  const rulePaths = args.flags.get('rules') ?? [];
  if (rulePaths.length === 0) throw usage('run needs --rules PATH...');
  installWindows();
  const inputs = readRuleInputs(rulePaths);
  const compiled = compileRuleFiles(inputs);
  if (!compiled.ok) {
    printDiagnostics(compiled.diagnostics, inputs, (s) => process.stderr.write(s));
    return 1;
  }
  const eventsPath = one(args, 'events');
  const stream = one(args, 'stream', 'events');
  const outPath = one(args, 'out', '-');
  const out = new BufferedWriter(outPath === '-' ? process.stdout : fs.createWriteStream(outPath));
  const deadLetters = { late: 0, 'no-time': 0, 'no-key': 0, undecodable: 0 };
  const output: EngineOutput = {
    alert: (a) => out.write(`${JSON.stringify(a)}\n`),
    deadLetter: (d) => {
      deadLetters[d.reason]++;
    },
  };
  const engine = new Engine(compiled.ruleSet, output, Date.now);
  const input = eventsPath === '-' ? process.stdin : fs.createReadStream(eventsPath, { highWaterMark: 1 << 20 });
  await replay(engine, stream, input, (lineNo, why) => {
    process.stderr.write(`${eventsPath === '-' ? '<stdin>' : eventsPath}:${lineNo}: skipped: ${why}\n`);
  });
  await out.close();
  reportDeadLetters(deadLetters);
  return 0;
}

function reportDeadLetters(counts: Record<string, number>): void {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  if (parts.length > 0) process.stderr.write(`dead-lettered: ${parts.join(', ')}\n`);
}


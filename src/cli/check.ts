// `cepheus check FILE...`: compile and print every diagnostic; exit 1 on any error.

import { compileRuleFiles } from '../compile/compile-rules';
import { installWindows } from '../engine/windows';
import { type ParsedArgs, usage } from './args';
import { readRuleInputs } from './load-rules';
import { printDiagnostics } from './print-diagnostics';

export function checkCommand(args: ParsedArgs): number {
  if (args.positionals.length === 0) throw usage('check needs FILE...');
  installWindows();
  const inputs = readRuleInputs(args.positionals);
  const result = compileRuleFiles(inputs);
  printDiagnostics(result.diagnostics, inputs, (s) => process.stdout.write(s));
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const rules = result.files.reduce((n, f) => n + f.rules.length, 0);
  process.stdout.write(errors === 0 ? `ok: ${rules} rule(s) in ${inputs.length} file(s)\n` : `${errors} error(s)\n`);
  return errors === 0 ? 0 : 1;
}

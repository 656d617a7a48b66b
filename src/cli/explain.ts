// `cepheus explain FILE RULE`: the compiled automaton of one rule as Graphviz dot.

import { compileRuleFiles } from '../compile/compile-rules';
import { installWindows } from '../engine/windows';
import { automatonToDot } from '../engine/nfa/to-dot';
import { CepheusError, ErrorCodes } from '../errors';
import { type ParsedArgs, usage } from './args';
import { readRuleInputs } from './load-rules';
import { printDiagnostics } from './print-diagnostics';

export function explainCommand(args: ParsedArgs): number {
  const [file, ruleName] = args.positionals;
  if (file === undefined || ruleName === undefined) throw usage('explain needs FILE RULE');
  installWindows();
  const inputs = readRuleInputs([file]);
  const result = compileRuleFiles(inputs);
  if (!result.ok) {
    printDiagnostics(result.diagnostics, inputs, (s) => process.stderr.write(s));
    return 1;
  }
  const rule = result.ruleSet.rules.find((r) => r.name === ruleName);
  if (rule === undefined) throw new CepheusError(ErrorCodes.RULE_NOT_FOUND, `no rule named ${ruleName} in ${file}`);
  if (rule.kind !== 'pattern') throw new CepheusError(ErrorCodes.RULE_NOT_FOUND, `rule ${ruleName} is a window rule: it has no automaton`);
  process.stdout.write(automatonToDot(rule.name, rule.automaton));
  return 0;
}

// Structural checks of a parsed rule file: everything LANGUAGE.md calls a compile error that can
// be seen without typing expressions (the expression compiler, src/lang/expr/, does those and the
// step references inside them). Each check reports into the bag and goes on, so one run lists
// every error.
import type { RuleDecl, RuleFile, SourceDecl } from './ast';
import type { DiagnosticBag } from './diagnostic';
import { checkRepeatedClauses, checkRuleKind } from './checks/clauses';
import { checkModifiers } from './checks/modifiers';
import { checkNamesAcrossFiles, checkNamesInFile } from './checks/names';
import { checkNegation } from './checks/negation';
import { checkQuantifiers } from './checks/quantifiers';
import { checkSkipTarget, checkStepNames, checkWhere } from './checks/steps';
import { checkRuleValues, checkSourceValues } from './checks/values';
import { checkAggregates } from './checks/windows';

export function checkRuleFile(ast: RuleFile, bag: DiagnosticBag): void {
  checkNamesInFile(ast, bag);
  for (const source of ast.sources) checkSource(source, bag);
  for (const rule of ast.rules) checkRule(rule, bag);
}

/** Rule names are unique across files; `bags[i]` receives the errors of `files[i]`. */
export function checkDuplicateRules(files: readonly RuleFile[], bags: readonly DiagnosticBag[]): void {
  checkNamesAcrossFiles(files, bags);
}

function checkSource(source: SourceDecl, bag: DiagnosticBag): void {
  checkRepeatedClauses(source, bag);
  checkSourceValues(source, bag);
}

function checkRule(rule: RuleDecl, bag: DiagnosticBag): void {
  checkRepeatedClauses(rule, bag);
  checkRuleKind(rule, bag);
  checkRuleValues(rule, bag);
  checkAggregates(rule, bag);
  if (rule.pattern !== undefined) checkPattern(rule, bag);
}

function checkPattern(rule: RuleDecl, bag: DiagnosticBag): void {
  const names = checkStepNames(rule, bag);
  checkWhere(rule, names, bag);
  checkSkipTarget(rule, names, bag);
  checkNegation(rule, bag);
  checkQuantifiers(rule, bag);
  checkModifiers(rule, bag);
}

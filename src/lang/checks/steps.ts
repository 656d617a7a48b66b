// Step names: unique, not reserved, and the only names `where` and `skip to` may use
// (LANGUAGE.md 5.1 and 5.6).
import { isReserved } from '../../../grammar/lexer';
import type { RuleDecl, Span, StepItem } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';
import { steps } from './pattern-shape';

/** Reports repeated and reserved step names; returns the names of the pattern's steps. */
export function checkStepNames(rule: RuleDecl, bag: DiagnosticBag): Set<string> {
  const first = new Map<string, StepItem>();
  for (const { item } of rule.pattern === undefined ? [] : steps(rule.pattern)) {
    if (isReserved(item.name)) report(bag, M.ReservedStepName, item.span, item.name);
    const earlier = first.get(item.name);
    if (earlier === undefined) first.set(item.name, item);
    else report(bag, M.DuplicateStep, item.span, item.name, String(earlier.span.line), String(earlier.span.col));
  }
  return new Set(first.keys());
}

/** Every `where` name is a step; each step has at most one entry. */
export function checkWhere(rule: RuleDecl, names: Set<string>, bag: DiagnosticBag): void {
  const seen = new Map<string, Span>();
  for (const entry of rule.where?.entries ?? []) {
    const earlier = seen.get(entry.step);
    if (earlier !== undefined) {
      report(bag, M.DuplicateWhere, entry.stepSpan, entry.step, String(earlier.line));
      continue;
    }
    seen.set(entry.step, entry.stepSpan);
    if (!names.has(entry.step)) report(bag, M.WhereUnknownStep, entry.stepSpan, entry.step);
  }
}

/** `skip to first S` / `skip to last S` name a step of the pattern. */
export function checkSkipTarget(rule: RuleDecl, names: Set<string>, bag: DiagnosticBag): void {
  const skip = rule.skip;
  if (skip === undefined || (skip.kind !== 'toFirst' && skip.kind !== 'toLast')) return;
  if (names.has(skip.step)) return;
  const written = `skip to ${skip.kind === 'toFirst' ? 'first' : 'last'} ${skip.step}`;
  report(bag, M.SkipUnknownStep, skip.stepSpan, written, skip.step);
}

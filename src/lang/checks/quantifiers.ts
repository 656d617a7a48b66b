// The quantifier forms LANGUAGE.md 5.3 rejects: `a+?` `a*?` `a??`, `{0}`, `{0,}`, `{n,m}` with
// n > m or m = 0, and counts that are not whole numbers.
import type { PatternElement, Quantifier, RuleDecl } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';
import { quantifierText, sequences } from './pattern-shape';

export function checkQuantifiers(rule: RuleDecl, bag: DiagnosticBag): void {
  if (rule.pattern === undefined) return;
  for (const seq of sequences(rule.pattern)) {
    for (const el of seq) {
      if (el.quantifier !== null && !el.negated) checkQuantifier(el, el.quantifier, bag);
    }
  }
}

function checkQuantifier(el: PatternElement, q: Quantifier, bag: DiagnosticBag): void {
  const written = itemText(el) + quantifierText(q);
  if (q.strayOptional !== undefined) report(bag, M.StrayOptional, q.strayOptional, written);
  if (q.kind !== 'times') return;
  if (!Number.isInteger(q.min) || (q.max !== null && !Number.isInteger(q.max))) {
    return report(bag, M.CountNotInteger, q.span, written);
  }
  if (q.min === 0 && (q.max === 0 || q.max === null)) {
    const why = q.max === 0 ? 'a step repeated zero times matches nothing' : `write '${itemText(el)}*'`;
    return report(bag, M.ZeroTimes, q.span, written, why);
  }
  if (q.max === 0) return report(bag, M.ZeroMaximum, q.span, written);
  if (q.max !== null && q.min > q.max) {
    report(bag, M.EmptyRange, q.span, written, String(q.min), String(q.max));
  }
}

function itemText(el: PatternElement): string {
  return el.item.kind === 'step' ? el.item.name : '(...)';
}

// Where a negated step `!b` may stand (LANGUAGE.md 5.2): each restriction is a compile error
// that names the step.
import type { PatternElement, RuleDecl } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';
import { elementText, isOptional, quantifierText, sequences } from './pattern-shape';

export function checkNegation(rule: RuleDecl, bag: DiagnosticBag): void {
  const pattern = rule.pattern;
  if (pattern === undefined) return;
  checkEnds(rule, pattern.elements, bag);
  sequences(pattern).forEach((seq, i) => {
    seq.forEach((el, j) => checkElement(el, seq[j - 1], i > 0, bag));
  });
}

/** Not first; last only as `a !b`, or `-> !b` with a time bound. */
function checkEnds(rule: RuleDecl, seq: PatternElement[], bag: DiagnosticBag): void {
  const first = seq[0];
  if (first.negated && first.item.kind === 'step') report(bag, M.NegatedFirst, first.span, nameOf(first));
  const last = seq[seq.length - 1];
  if (seq.length < 2 || !last.negated || last.contiguity !== 'relaxed' || last.item.kind === 'group') return;
  if (rule.within === undefined && rule.withinSession === undefined) {
    report(bag, M.NegatedLastNeedsWithin, last.span, nameOf(last));
  }
}

function checkElement(
  el: PatternElement,
  prev: PatternElement | undefined,
  inGroup: boolean,
  bag: DiagnosticBag,
): void {
  if (prev !== undefined) checkAfterNotFollowed(el, prev, bag);
  if (!el.negated) return;
  if (el.item.kind === 'group') return report(bag, M.NegatedGroup, el.span);
  if (inGroup) report(bag, M.NegatedInGroup, el.span, nameOf(el));
  if (el.contiguity === 'any') report(bag, M.AnyNegated, el.span, nameOf(el));
  checkBareNegation(el, bag);
  if (prev !== undefined && isOptional(prev)) {
    report(bag, M.NegatedAfterOptional, el.span, nameOf(el), elementText(prev));
  }
}

/** A negated step takes no quantifier and no modifier. */
function checkBareNegation(el: PatternElement, bag: DiagnosticBag): void {
  const q = el.quantifier;
  if (q !== null) report(bag, M.NegatedQuantifier, q.span, nameOf(el), quantifierText(q));
  const m = el.modifiers;
  for (const [name, span] of [
    ['consecutive', m.consecutive],
    ['combinations', m.combinations],
    ['greedy', m.greedy],
    ['until', m.until?.span],
  ] as const) {
    if (span !== undefined) report(bag, M.NegatedModifier, span, nameOf(el), name);
  }
}

/** `a -> !b c` would make `c` strict to an event that `!b` never takes: write `a !b c`. */
function checkAfterNotFollowed(el: PatternElement, prev: PatternElement, bag: DiagnosticBag): void {
  if (el.contiguity !== 'strict' || !prev.negated || prev.contiguity !== 'relaxed') return;
  report(bag, M.StrictAfterNotFollowed, el.span, plainName(el), nameOf(prev));
}

/** The step's name (for `!{0}` templates). */
function nameOf(el: PatternElement): string {
  return el.item.kind === 'step' ? el.item.name : '(...)';
}

/** The element as written, `!` included. */
function plainName(el: PatternElement): string {
  return (el.negated ? '!' : '') + nameOf(el);
}

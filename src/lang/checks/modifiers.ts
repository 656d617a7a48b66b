// The loop modifiers `consecutive`, `combinations`, `greedy`, `until(EXPR)` (LANGUAGE.md 5.3,
// 5.3a): where each may stand and which may be combined.
import type { Modifiers, PatternElement, RuleDecl, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';
import { elementText, isAfter, isLooping, isOptional, quantifierText, sequences } from './pattern-shape';

export function checkModifiers(rule: RuleDecl, bag: DiagnosticBag): void {
  if (rule.pattern === undefined) return;
  for (const seq of sequences(rule.pattern)) {
    seq.forEach((el, i) => {
      for (const dup of el.modifiers.duplicates ?? []) report(bag, M.DuplicateModifier, dup.span, dup.name);
      if (el.negated) return; // reported by the negation checks
      checkPlacement(el, bag);
      checkCombination(el.modifiers, bag);
      checkAfterGreedy(el, seq[i - 1], bag);
    });
  }
}

function present(m: Modifiers): [string, Span][] {
  const all: [string, Span | undefined][] = [
    ['consecutive', m.consecutive],
    ['combinations', m.combinations],
    ['greedy', m.greedy],
    ['until', m.until?.span],
  ];
  return all.filter((pair): pair is [string, Span] => pair[1] !== undefined);
}

/** Modifiers need a loop; `greedy` and `until` are not for groups; `until` needs an open loop. */
function checkPlacement(el: PatternElement, bag: DiagnosticBag): void {
  const m = el.modifiers;
  if (!isLooping(el)) {
    for (const [name, span] of present(m)) report(bag, M.ModifierNeedsLoop, span, name, elementText(el));
    return;
  }
  if (el.item.kind === 'group') {
    if (m.greedy !== undefined) report(bag, M.GreedyOnGroup, m.greedy);
    if (m.until !== undefined) report(bag, M.UntilOnGroup, m.until.span);
    return;
  }
  const q = el.quantifier;
  if (m.until !== undefined && q !== null && !isOpenLoop(el)) {
    report(bag, M.UntilQuantifier, m.until.span, elementText(el), quantifierText(q));
  }
}

/** `+`, `*`, `{n,}`, `{n,}?`: the loops `until` can stop. */
function isOpenLoop(el: PatternElement): boolean {
  const q = el.quantifier;
  if (q === null) return false;
  return q.kind === 'oneOrMore' || q.kind === 'zeroOrMore' || (q.kind === 'times' && q.max === null);
}

/** At most one of consecutive/combinations; greedy never with combinations. Points at the later. */
function checkCombination(m: Modifiers, bag: DiagnosticBag): void {
  if (m.combinations === undefined) return;
  if (m.consecutive !== undefined) report(bag, M.ConsecutiveAndCombinations, later(m.consecutive, m.combinations));
  if (m.greedy !== undefined) report(bag, M.GreedyCombinations, later(m.greedy, m.combinations));
}

function later(a: Span, b: Span): Span {
  return isAfter(a, b) ? a : b;
}

/** An optional step right after a greedy one would never be taken. */
function checkAfterGreedy(el: PatternElement, prev: PatternElement | undefined, bag: DiagnosticBag): void {
  if (prev === undefined || prev.negated || prev.modifiers.greedy === undefined) return;
  if (isOptional(el)) report(bag, M.OptionalAfterGreedy, el.span, elementText(el), elementText(prev));
}

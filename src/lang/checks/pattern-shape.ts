// Reading a pattern's shape: its sequences, steps and what each quantifier means.
import type { Pattern, PatternElement, Quantifier, Span, StepItem } from '../ast';

/** The top-level sequence and every group body, nested ones included. */
export function sequences(p: Pattern): PatternElement[][] {
  const out: PatternElement[][] = [p.elements];
  for (const el of p.elements) {
    if (el.item.kind === 'group') out.push(...sequences(el.item.body));
  }
  return out;
}

/** Every step of the pattern, in the order written, group members included. */
export function steps(p: Pattern): { item: StepItem; element: PatternElement }[] {
  return p.elements.flatMap((element) =>
    element.item.kind === 'step' ? [{ item: element.item, element }] : steps(element.item.body),
  );
}

/** `? * {0,m} {..}?`: the element may take no event. */
export function isOptional(el: PatternElement): boolean {
  const q = el.quantifier;
  if (q === null) return false;
  return q.kind === 'optional' || q.kind === 'zeroOrMore' || q.optional || q.min === 0;
}

/** `+ * {n} {n,} {n,m}`, also with `?`. */
export function isLooping(el: PatternElement): boolean {
  const q = el.quantifier;
  return q !== null && q.kind !== 'optional';
}

/** The quantifier as it reads in the source (`{2,}?`). */
export function quantifierText(q: Quantifier): string {
  return baseQuantifierText(q) + (q.optional ? '?' : '');
}

function baseQuantifierText(q: Quantifier): string {
  switch (q.kind) {
    case 'optional':
      return '?';
    case 'oneOrMore':
      return '+';
    case 'zeroOrMore':
      return '*';
    case 'times':
      if (q.max === q.min) return `{${q.min}}`;
      return q.max === null ? `{${q.min},}` : `{${q.min},${q.max}}`;
  }
}

/** How an element is named in a message: `'a{2}'`, `'!b'`, `the group '(...)+'` ... */
export function elementText(el: PatternElement): string {
  const q = el.quantifier === null ? '' : quantifierText(el.quantifier);
  const bang = el.negated ? '!' : '';
  if (el.item.kind === 'step') return `'${bang}${el.item.name}${q}'`;
  return `'${bang}(...)${q}' (the group at line ${el.item.span.line})`;
}

/** Which of two spans starts later in the text. */
export function isAfter(a: Span, b: Span): boolean {
  return a.line > b.line || (a.line === b.line && a.col > b.col);
}

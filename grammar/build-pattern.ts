// AST builders for patterns (LANGUAGE.md section 5). The parser keeps what was written, illegal
// forms included (`a+?`, `{0}`, `!(a b)`, ...), so the checker can name them precisely.
import type {
  Contiguity,
  Expr,
  GroupItem,
  Modifiers,
  Pattern,
  PatternElement,
  Quantifier,
  Span,
  StepItem,
} from '../src/lang/ast';
import { joinSpans, lastLocated, tokSpan, type Located, type Tok } from './span';

/** `Element (Link Element)*`: the first element has no contiguity. */
export function pattern(data: any[]): Pattern {
  const d = data as [PatternElement, [Contiguity, PatternElement][]];
  const [first, rest] = d;
  const elements = [first, ...rest.map(([contiguity, el]) => ({ ...el, contiguity }))];
  return { elements, span: joinSpans(first, elements[elements.length - 1]) };
}

export function link(data: any[]): Contiguity {
  const d = data as [Tok] | [];
  if (d.length === 0) return 'strict';
  return d[0].text === '->>' ? 'any' : 'relaxed';
}

/** One modifier as written, before folding into `Modifiers`. */
interface ModifierPart {
  name: string;
  span: Span;
  expr?: Expr;
}

/** `'!'? Item Quantifier? Modifier*`. */
export function element(data: any[]): PatternElement {
  const d = data as [Tok | null, StepItem | GroupItem, Quantifier | null, ModifierPart[]];
  const [bang, item, quantifier, mods] = d;
  const first: Located = bang ?? item;
  return {
    contiguity: null,
    negated: bang !== null,
    item,
    quantifier,
    modifiers: modifiers(mods),
    span: joinSpans(first, lastLocated([item, quantifier, mods])),
  };
}

export function stepItem(data: any[]): StepItem {
  const d = data as [Tok];
  return { kind: 'step', name: d[0].text, span: tokSpan(d[0]) };
}

export function groupItem(data: any[]): GroupItem {
  const d = data as [Tok, Pattern, Tok];
  return { kind: 'group', body: d[1], span: joinSpans(d[0], d[2]) };
}

/** Folds modifiers in the order written; a repeated one is kept aside to report. */
function modifiers(parts: ModifierPart[]): Modifiers {
  const out: Modifiers = {};
  for (const part of parts) {
    if (isSet(out, part.name)) {
      out.duplicates = [...(out.duplicates ?? []), { name: part.name, span: part.span }];
    } else if (part.name === 'until') {
      out.until = { expr: part.expr as Expr, span: part.span };
    } else {
      out[part.name as 'consecutive' | 'combinations' | 'greedy'] = part.span;
    }
  }
  return out;
}

function isSet(m: Modifiers, name: string): boolean {
  return (m as Record<string, unknown>)[name] !== undefined;
}

export function modifier(data: any[]): ModifierPart {
  const d = data as [Tok];
  return { name: d[0].text, span: tokSpan(d[0]) };
}

export function untilModifier(data: any[]): ModifierPart {
  const d = data as [Tok, Tok, Expr, Tok];
  return { name: 'until', span: joinSpans(d[0], d[3]), expr: d[2] };
}

/** `QuantBase '?'?`: a `?` after `{...}` makes the step optional; after `? + *` it is stray. */
export function quantifier(data: any[]): Quantifier {
  const d = data as [Quantifier, Tok | null];
  const [base, q] = d;
  if (q === null) return base;
  const span = joinSpans(base, q);
  if (base.kind === 'times' && !base.optional) return { ...base, optional: true, span };
  return { ...base, strayOptional: tokSpan(q), span };
}

export function simpleQuantifier(data: any[]): Quantifier {
  const d = data as [Tok];
  const t = d[0];
  const span = tokSpan(t);
  if (t.text === '?') return { kind: 'optional', min: 0, max: 1, optional: false, span };
  if (t.text === '+') return { kind: 'oneOrMore', min: 1, max: null, optional: false, span };
  return { kind: 'zeroOrMore', min: 0, max: null, optional: false, span };
}

/** `{n}`, `{n,}`, `{n,m}`: d is `{ n }`, `{ n , }` or `{ n , m }`. */
export function countedQuantifier(d: Tok[]): Quantifier {
  const min = Number(d[1].text);
  let max: number | null = min;
  if (d.length === 4) max = null;
  if (d.length === 5) max = Number(d[3].text);
  return { kind: 'times', min, max, optional: false, span: joinSpans(d[0], d[d.length - 1]) };
}

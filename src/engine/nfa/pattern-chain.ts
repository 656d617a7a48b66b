// The rule language's pattern, rewritten as the linked chain Flink's Pattern API builds
// (begin/next/followedBy/..., each with a quantifier). The compiler walks this chain backwards,
// as Flink's NFACompiler walks Pattern.getPrevious().

import type { Pattern as PatternAst, PatternElement } from '../../lang/ast';

export const enum Consuming {
  Strict,
  SkipTillNext,
  SkipTillAny,
  NotNext,
  NotFollow,
}

export const enum QuantKind {
  Single,
  Looping,
  Times,
}

export interface ChainLink {
  /** step name; groups are named "GroupPattern" as in Flink */
  readonly name: string;
  /** step index, or -1 for a group */
  readonly step: number;
  readonly previous: ChainLink | null;
  readonly consuming: Consuming;
  /** contiguity inside a loop: consecutive / combinations / relaxed default */
  readonly inner: Consuming;
  readonly quant: QuantKind;
  readonly optional: boolean;
  readonly greedy: boolean;
  readonly from: number;
  readonly to: number;
  readonly hasUntil: boolean;
  /** for a group: the last link of its own chain */
  readonly group: ChainLink | null;
}

export interface StepTable {
  names: string[];
  negated: boolean[];
  /** steps that have a `where` condition */
  hasCondition: boolean[];
}

/** Builds the chain for `pattern`; `steps` gets every step name in order of appearance. */
export function buildChain(pattern: PatternAst, steps: StepTable, conditioned: Set<string>): ChainLink {
  let previous: ChainLink | null = null;
  pattern.elements.forEach((el, i) => {
    previous = linkFor(el, i === 0 ? null : previous, steps, conditioned);
  });
  return previous as unknown as ChainLink;
}

function linkFor(
  el: PatternElement,
  previous: ChainLink | null,
  steps: StepTable,
  conditioned: Set<string>,
): ChainLink {
  const consuming = consumingOf(el, previous === null);
  const q = quantOf(el);
  const inner = el.modifiers.consecutive
    ? Consuming.Strict
    : el.modifiers.combinations
      ? Consuming.SkipTillAny
      : Consuming.SkipTillNext;
  const common = {
    previous,
    consuming,
    inner,
    quant: q.kind,
    optional: q.optional,
    greedy: el.modifiers.greedy !== undefined,
    from: q.from,
    to: q.to,
    hasUntil: el.modifiers.until !== undefined,
  };
  if (el.item.kind === 'group') {
    const group = buildChain(el.item.body, steps, conditioned);
    return { ...common, name: 'GroupPattern', step: -1, group };
  }
  const step = steps.names.length;
  steps.names.push(el.item.name);
  steps.negated.push(el.negated);
  steps.hasCondition.push(conditioned.has(el.item.name));
  return { ...common, name: el.item.name, step, group: null };
}

function consumingOf(el: PatternElement, first: boolean): Consuming {
  // Flink's begin() is SKIP_TILL_NEXT; it only matters for a group's head
  if (first || el.contiguity === null) return Consuming.SkipTillNext;
  if (el.negated) return el.contiguity === 'strict' ? Consuming.NotNext : Consuming.NotFollow;
  if (el.contiguity === 'strict') return Consuming.Strict;
  return el.contiguity === 'any' ? Consuming.SkipTillAny : Consuming.SkipTillNext;
}

interface QuantInfo {
  kind: QuantKind;
  optional: boolean;
  from: number;
  to: number;
}

/** Maps the written quantifier onto Flink's: `*` is oneOrMore().optional(), `{0,m}` is times(1,m).optional(). */
function quantOf(el: PatternElement): QuantInfo {
  const q = el.quantifier;
  if (q === null) return { kind: QuantKind.Single, optional: false, from: 1, to: 1 };
  switch (q.kind) {
    case 'optional':
      return { kind: QuantKind.Single, optional: true, from: 1, to: 1 };
    case 'oneOrMore':
      return { kind: QuantKind.Looping, optional: false, from: 1, to: 1 };
    case 'zeroOrMore':
      return { kind: QuantKind.Looping, optional: true, from: 1, to: 1 };
    case 'times': {
      if (q.max === null) return { kind: QuantKind.Looping, optional: q.optional, from: q.min, to: q.min };
      if (q.min === 0) return { kind: QuantKind.Times, optional: true, from: 1, to: q.max };
      return { kind: QuantKind.Times, optional: q.optional, from: q.min, to: q.max };
    }
  }
}

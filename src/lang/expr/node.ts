// The compiler's intermediate result: an evaluation closure with its static type and what it
// reads. Closures are built once per expression; evaluation walks them without allocating.

import type { CompiledExpr } from './compiled';
import { type EvalScope, emptyScope } from './scope';
import { ANY, typeOfValue, type StaticType } from './types';

export type Ev = (s: EvalScope) => unknown;

export const READS_STEPS = 1;
export const READS_PRIOR = 2;
/** reads the scope in any way (event, key, time, window, aggs); not set on constants */
export const READS_SCOPE = 4;

export interface Node {
  readonly ev: Ev;
  readonly type: StaticType;
  /** READS_* flags of the node and its children */
  readonly reads: number;
  /** set when the node does not depend on the scope; `value` is then its value */
  readonly konst: boolean;
  readonly value?: unknown;
}

export function constNode(value: unknown): Node {
  const v = value === undefined ? null : value;
  return { ev: () => v, type: typeOfValue(v), reads: 0, konst: true, value: v };
}

/** A node that reads the scope; `reads` gathers its children's flags plus its own. */
export function node(ev: Ev, type: StaticType, children: readonly Node[], own = READS_SCOPE): Node {
  let reads = own;
  for (const c of children) reads |= c.reads;
  return { ev, type, reads, konst: false };
}

/** Stand-in for an expression that failed to compile: null, any type (no follow-up errors). */
export function errorNode(): Node {
  return { ev: () => null, type: ANY, reads: 0, konst: false };
}

/**
 * A pure operation over children: when every child is constant it is evaluated now (the
 * closure cannot read the scope, so any scope will do); otherwise the closure is kept.
 */
export function pure(ev: Ev, type: StaticType, children: readonly Node[]): Node {
  if (children.every((c) => c.konst)) {
    const v = ev(FOLD_SCOPE);
    return { ...constNode(v), type: typeOfValue(v) };
  }
  return node(ev, type, children, 0);
}

const FOLD_SCOPE: EvalScope = emptyScope();

/** The public form of a node (see compiled.ts). */
export function toCompiled(n: Node): CompiledExpr {
  const ev = n.ev;
  return {
    evaluate: ev,
    test: (s) => ev(s) === true,
    type: n.type,
    readsSteps: (n.reads & READS_STEPS) !== 0,
    readsPrior: (n.reads & READS_PRIOR) !== 0,
    isConstant: n.konst,
    value: n.konst ? n.value : undefined,
  };
}

// Comparisons (LANGUAGE.md 6): a comparison with null is null, except `x == null` / `x != null`,
// which test for null. `< <= > >=` order two numbers or two strings (else null); `==` / `!=`
// compare kind and value (different kinds are never equal); `x in [...]` is membership by `==`.
// Comparing kinds that can never meet (`5 == "5"`, `1 < "a"`) is a compile error.

import type { Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { ExprMessages as M } from './messages';
import { errorNode, pure, type Ev, type Node } from './node';
import * as ops from './ops';
import { operand } from './check';
import { admits, ARR, BOOL, describeType, NULL, NUM, STR, type StaticType } from './types';

type Binary = Extract<Expr, { k: 'binary' }>;

export function compileComparison(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  switch (e.op) {
    case '==':
    case '!=':
      return compileEquality(ctx, e, l, r);
    case 'in':
      return compileIn(ctx, e, l, r);
    default:
      return compileOrder(ctx, e, l, r);
  }
}

/** True when both sides have known non-null kinds and share none: they can never meet. */
function disjoint(l: StaticType, r: StaticType, among: StaticType): boolean {
  const a = l & ~NULL & among;
  const b = r & ~NULL & among;
  return a !== 0 && b !== 0 && (a & b) === 0 && (l & ~NULL) === a && (r & ~NULL) === b;
}

function compileEquality(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  if (disjoint(l.type, r.type, ~NULL)) {
    const never = `values of different types are never equal, so this is always ${e.op === '!='}`;
    return fail(ctx, M.MixedComparison, e.span, e.op, describeType(l.type), describeType(r.type), never);
  }
  const negate = e.op === '!=';
  if (isNullLiteral(r) || isNullLiteral(l)) return pure(nullTestEv(isNullLiteral(r) ? l : r, negate), BOOL, [l, r]);
  return pure(equalityEv(l, r, negate), BOOL | NULL, [l, r]);
}

function isNullLiteral(n: Node): boolean {
  return n.konst && (n.value === null || n.value === undefined);
}

/** `x == null` / `x != null`: never null themselves (a missing field reads null). */
function nullTestEv(x: Node, negate: boolean): Ev {
  const xe = x.ev;
  return negate
    ? (s) => { const v = xe(s); return v !== null && v !== undefined; }
    : (s) => { const v = xe(s); return v === null || v === undefined; };
}

/** `x == literal` compares with `===` (exact for a primitive; JSON has no NaN). */
function equalityEv(l: Node, r: Node, negate: boolean): Ev {
  const [le, re] = [l.ev, r.ev];
  const k = r.konst && isPrimitive(r.value) ? r.value : l.konst && isPrimitive(l.value) ? l.value : undefined;
  if (k !== undefined) {
    const xe = r.konst && isPrimitive(r.value) ? le : re;
    return negate
      ? (s) => { const a = xe(s); return a === null || a === undefined ? null : a !== k; }
      : (s) => { const a = xe(s); return a === null || a === undefined ? null : a === k; };
  }
  return negate ? (s) => ops.ne(le(s), re(s)) : (s) => ops.eq(le(s), re(s));
}

function isPrimitive(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

const ORDER: Record<string, (a: unknown, b: unknown) => boolean | null> = {
  '<': ops.lt,
  '<=': ops.le,
  '>': ops.gt,
  '>=': ops.ge,
};

function compileOrder(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  const okL = operand(ctx, e.op, e.left, l, NUM | STR, 'numbers or strings');
  const okR = operand(ctx, e.op, e.right, r, NUM | STR, 'numbers or strings');
  if (!okL || !okR) return errorNode();
  if (disjoint(l.type, r.type, NUM | STR)) {
    const why = 'values of different types are not ordered, so this is always null';
    return fail(ctx, M.MixedComparison, e.span, e.op, describeType(l.type), describeType(r.type), why);
  }
  return pure(orderEv(e.op, l, r), BOOL | NULL, [l, r]);
}

/** `field > 5` skips the generic helper: one typeof check and a compare. */
function orderEv(op: string, l: Node, r: Node): Ev {
  const [le, re] = [l.ev, r.ev];
  if (r.konst && typeof r.value === 'number') {
    const k = r.value;
    switch (op) {
      case '<':
        return (s) => { const a = le(s); return typeof a === 'number' ? a < k : null; };
      case '<=':
        return (s) => { const a = le(s); return typeof a === 'number' ? a <= k : null; };
      case '>':
        return (s) => { const a = le(s); return typeof a === 'number' ? a > k : null; };
      case '>=':
        return (s) => { const a = le(s); return typeof a === 'number' ? a >= k : null; };
    }
  }
  const f = ORDER[op];
  return (s) => f(le(s), re(s));
}

/** `x in [...]`: a list of literals becomes a Set lookup; otherwise a scan by `==`. */
function compileIn(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  if (!admits(r.type, ARR)) return fail(ctx, M.InNeedsList, e.right.span, describeType(r.type));
  const le = l.ev;
  if (r.konst && Array.isArray(r.value) && r.value.every((v) => v === null || isPrimitive(v))) {
    const set = new Set<unknown>(r.value);
    return pure((s) => { const a = le(s); return a === null || a === undefined ? null : set.has(a); }, BOOL | NULL, [l, r]);
  }
  const re = r.ev;
  return pure((s) => ops.inList(le(s), re(s)), BOOL | NULL, [l, r]);
}


// Binary operators: checks operand kinds where they are known, then builds the closure. The
// run-time meaning of each operator is in ops.ts; hot forms (a field against a literal) get
// closures that skip the generic helper.

import type { Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { ExprMessages as M } from './messages';
import { compileMatches } from './compile-matches';
import { errorNode, pure, type Ev, type Node } from './node';
import * as ops from './ops';
import { compileComparison } from './compile-compare';
import { operand } from './check';
import { admits, ARR, BOOL, describeType, NULL, NUM, STR, type StaticType } from './types';

type Binary = Extract<Expr, { k: 'binary' }>;

export function compileBinary(ctx: Ctx, e: Binary): Node {
  switch (e.op) {
    case 'and':
    case 'or':
      return compileLogic(ctx, e);
    case 'matches':
      return compileMatches(ctx, e);
    default:
      break;
  }
  const l = ctx.compile(e.left);
  const r = ctx.compile(e.right);
  switch (e.op) {
    case '+':
      return compilePlus(ctx, e, l, r);
    case '-':
    case '*':
    case '/':
    case '%':
      return compileArith(ctx, e, l, r);
    case 'contains':
      return compileContains(ctx, e, l, r);
    case 'startswith':
    case 'endswith':
      return compileAffix(ctx, e, l, r);
    default:
      return compileComparison(ctx, e, l, r);
  }
}

// SQL three-valued logic. Anything but true/false counts as unknown; the right side is not
// evaluated when the left decides.
function compileLogic(ctx: Ctx, e: Binary): Node {
  const l = ctx.compile(e.left);
  const r = ctx.compile(e.right);
  const okL = operand(ctx, e.op, e.left, l, BOOL, 'booleans');
  const okR = operand(ctx, e.op, e.right, r, BOOL, 'booleans');
  if (!okL || !okR) return errorNode();
  const [le, re] = [l.ev, r.ev];
  const ev: Ev =
    e.op === 'and'
      ? (s) => {
          const a = le(s);
          if (a === false) return false;
          const b = re(s);
          if (b === false) return false;
          return a === true && b === true ? true : null;
        }
      : (s) => {
          const a = le(s);
          if (a === true) return true;
          const b = re(s);
          if (b === true) return true;
          return a === false && b === false ? false : null;
        };
  return pure(ev, BOOL | NULL, [l, r]);
}

const ARITH: Record<string, (a: unknown, b: unknown) => unknown> = {
  '-': ops.sub,
  '*': ops.mul,
  '/': ops.div,
  '%': ops.mod,
};

function compileArith(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  const okL = operand(ctx, e.op, e.left, l, NUM, 'numbers');
  const okR = operand(ctx, e.op, e.right, r, NUM, 'numbers');
  if (!okL || !okR) return errorNode();
  const f = ARITH[e.op];
  const [le, re] = [l.ev, r.ev];
  return pure((s) => f(le(s), re(s)), NUM | NULL, [l, r]);
}

const TEXT = STR | NUM | BOOL;
const PLUS_EXPECTS = 'numbers, or a string with a string, number or boolean';

/** `+`: adds numbers; joins texts when either side is a string. */
function compilePlus(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  const type = plusType(l.type, r.type);
  if (type === NULL && l.type !== NULL && r.type !== NULL) {
    // blame the side that is not a number or string; with both fine, the boolean beside a number
    const leftFine = admits(l.type, STR | NUM) && !admits(l.type, BOOL);
    const [side, n] = leftFine ? [e.right, r] : [e.left, l];
    return fail(ctx, M.OperandType, side.span, '+', PLUS_EXPECTS, describeType(n.type));
  }
  const [le, re] = [l.ev, r.ev];
  return pure((s) => ops.add(le(s), re(s)), type, [l, r]);
}

function plusType(l: StaticType, r: StaticType): StaticType {
  let t = NULL;
  if (l & NUM && r & NUM) t |= NUM;
  if ((l & STR && r & TEXT) || (r & STR && l & TEXT)) t |= STR;
  return t;
}

function compileContains(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  if (!operand(ctx, 'contains', e.left, l, STR | ARR, 'a string or an array')) return errorNode();
  const onlyString = (l.type & ~NULL) === STR;
  if (onlyString && !operand(ctx, 'contains', e.right, r, STR, 'a string to look for')) return errorNode();
  const [le, re] = [l.ev, r.ev];
  return pure((s) => ops.contains(le(s), re(s)), BOOL | NULL, [l, r]);
}

function compileAffix(ctx: Ctx, e: Binary, l: Node, r: Node): Node {
  const okL = operand(ctx, e.op, e.left, l, STR, 'strings');
  const okR = operand(ctx, e.op, e.right, r, STR, 'strings');
  if (!okL || !okR) return errorNode();
  const f = e.op === 'startswith' ? ops.startsWith : ops.endsWith;
  const [le, re] = [l.ev, r.ev];
  return pure((s) => f(le(s), re(s)), BOOL | NULL, [l, r]);
}

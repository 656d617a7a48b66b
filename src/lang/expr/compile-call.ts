// Function calls: the scalar functions, the special forms (if, coalesce, exists, time) and the
// step aggregates. `prior.fn(...)` goes to compile-prior.ts.

import type { Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { contextLabel, stepsVisible } from './env';
import { ExprMessages as M } from './messages';
import { compilePriorCall, isPriorCall } from './compile-prior';
import { compileExists, compileTime } from './compile-special';
import {
  countNode,
  firstEventNode,
  lastEventNode,
  resolveStep,
  stepAggNode,
  stepPath,
  type StepAggFn,
} from './compile-steps';
import { FUNCTION_NAMES, unaryFn, type UnaryFn } from './functions';
import { errorNode, pure, type Ev, type Node } from './node';
import { admits, BOOL, describeType, NULL, NUM } from './types';

type Call = Extract<Expr, { k: 'call' }>;

export function compileCall(ctx: Ctx, e: Call): Node {
  if (isPriorCall(e)) return compilePriorCall(ctx, e);
  if (e.callee.k !== 'ident') return fail(ctx, M.NotCallable, e.callee.span);
  const name = e.callee.name;
  const n = e.args.length;
  if ((name === 'min' || name === 'max') && n >= 2) return compileMinMax(ctx, e, name);
  if (STEP_FNS.has(name)) return compileStepFn(ctx, e, name);
  const unary = unaryFn(name);
  if (unary !== undefined) return compileUnary(ctx, e, name, unary);
  switch (name) {
    case 'if':
      return compileIf(ctx, e);
    case 'coalesce':
      return compileCoalesce(ctx, e);
    case 'exists':
      return arity(ctx, e, 1) ? compileExists(ctx, e.args[0]) : errorNode();
    case 'time':
      return arity(ctx, e, 1) ? compileTime(ctx, e.args[0]) : errorNode();
  }
  return fail(ctx, M.UnknownFunction, e.callee.span, name, FUNCTION_NAMES.join(', '));
}

/** True when `e` has exactly `want` arguments; otherwise reports. */
function arity(ctx: Ctx, e: Call, want: number): boolean {
  if (e.args.length === want) return true;
  const takes = want === 1 ? '1 argument' : `${want} arguments`;
  fail(ctx, M.ArgumentCount, e.span, calleeName(e), takes, String(e.args.length));
  return false;
}

function calleeName(e: Call): string {
  return e.callee.k === 'ident' ? e.callee.name : 'function';
}

/** Compiles an argument and checks it may be of a kind the function accepts. */
function arg(ctx: Ctx, name: string, a: Expr, accepts: number, expects: string): Node {
  const n = ctx.compile(a);
  if (admits(n.type, accepts)) return n;
  return fail(ctx, M.ArgumentType, a.span, name, expects, describeType(n.type));
}

function compileUnary(ctx: Ctx, e: Call, name: string, fn: UnaryFn): Node {
  if (!arity(ctx, e, 1)) return errorNode();
  const a = arg(ctx, name, e.args[0], fn.accepts, fn.expects);
  const ev = a.ev;
  const apply = fn.apply;
  return pure((s) => apply(ev(s)), fn.result, [a]);
}

/** `min(a, b, ...)` / `max(a, b, ...)`: null unless every argument is a number. */
function compileMinMax(ctx: Ctx, e: Call, name: 'min' | 'max'): Node {
  const args = e.args.map((a) => arg(ctx, name, a, NUM, 'numbers'));
  const evs: readonly Ev[] = args.map((a) => a.ev);
  const sign = name === 'max' ? 1 : -1;
  return pure((s) => {
    let best = 0;
    for (let i = 0; i < evs.length; i++) {
      const v = evs[i](s);
      if (typeof v !== 'number') return null;
      if (i === 0 || (v - best) * sign > 0) best = v;
    }
    return best;
  }, NUM | NULL, args);
}

/** `if(c, a, b)`: `a` when c is exactly true, else `b` (so null and non-booleans pick b). */
function compileIf(ctx: Ctx, e: Call): Node {
  if (!arity(ctx, e, 3)) return errorNode();
  const c = arg(ctx, 'if', e.args[0], BOOL, 'a boolean condition');
  const a = ctx.compile(e.args[1]);
  const b = ctx.compile(e.args[2]);
  if (c.konst) return c.value === true ? a : b;
  const [cv, av, bv] = [c.ev, a.ev, b.ev];
  return pure((s) => (cv(s) === true ? av(s) : bv(s)), a.type | b.type, [c, a, b]);
}

/** `coalesce(a, b, ...)`: the first argument that is not null (later ones are not evaluated). */
function compileCoalesce(ctx: Ctx, e: Call): Node {
  if (e.args.length === 0) {
    return fail(ctx, M.ArgumentCount, e.span, 'coalesce', 'at least 1 argument', '0');
  }
  const args = e.args.map((a) => ctx.compile(a));
  const evs: readonly Ev[] = args.map((a) => a.ev);
  return pure((s) => {
    for (let i = 0; i < evs.length; i++) {
      const v = evs[i](s);
      if (v !== null) return v;
    }
    return null;
  }, coalesceType(args), args);
}

/** The union of the arguments' kinds up to the first that cannot be null. */
function coalesceType(args: readonly Node[]): number {
  let t = 0;
  for (const a of args) {
    t |= a.type & ~NULL;
    if ((a.type & NULL) === 0) return t;
  }
  return t | NULL;
}

// ---- step aggregates ------------------------------------------------------------------------

const STEP_FNS = new Set(['count', 'sum', 'avg', 'min', 'max', 'first', 'last']);

function compileStepFn(ctx: Ctx, e: Call, name: string): Node {
  if (!stepsVisible(ctx.env)) {
    return fail(ctx, M.StepAggregateHere, e.callee.span, name, contextLabel(ctx.env));
  }
  if (!arity(ctx, e, 1)) return errorNode();
  if (name === 'count' || name === 'first' || name === 'last') return stepEventFn(ctx, e, name);
  return stepFieldFn(ctx, e, name as StepAggFn);
}

/** `count(s)`, `first(s)`, `last(s)`: the argument is a bare step name. */
function stepEventFn(ctx: Ctx, e: Call, name: 'count' | 'first' | 'last'): Node {
  const a = e.args[0];
  const step = a.k === 'ident' ? resolveStep(ctx, a.name, a.span) : 'field';
  if (step === 'error') return errorNode();
  if (step === 'field') {
    return fail(ctx, M.StepAggregateArg, a.span, name, `takes a step name, as in ${name}(STEP)`);
  }
  if (name === 'count') return countNode(step);
  return name === 'first' ? firstEventNode(step) : lastEventNode(step);
}

/** `sum(s.x)`, `avg(s.x)`, `min(s.x)`, `max(s.x)`: the argument is a field path of a step. */
function stepFieldFn(ctx: Ctx, e: Call, name: StepAggFn): Node {
  const a = e.args[0];
  const sp = stepPath(ctx, a, name);
  if (sp !== null && 'ev' in sp) return sp;
  if (sp === null || sp.path.length === 0) {
    const hint = `takes a field of a step's events, as in ${name}(STEP.amount)`;
    return fail(ctx, M.StepAggregateArg, a.span, name, hint);
  }
  return stepAggNode(name, sp.step, sp.path);
}

// `exists(path)` and `time(x)`: functions whose argument is read as a place, not a value.

import type { Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { isWindowContext } from './env';
import { readEventTime } from './event-time';
import { ExprMessages as M } from './messages';
import { compileEvent } from './compile-names';
import { countNode, resolveStep, stepTimeNode } from './compile-steps';
import { errorNode, node, pure, type Node } from './node';
import { admits, BOOL, describeType, NULL, NUM, OBJ } from './types';
import { hasField, hasIndex } from './values';

const DEFAULT_TIME_PATH = ['ts'];

/**
 * `time(event)` is the time of the event under test (the match's last event in emit);
 * `time(s)`, `time(first(s))`, `time(last(s))` are times of a step's events; any other
 * event-valued expression is read at the source's time path (epoch ms or ISO-8601).
 */
export function compileTime(ctx: Ctx, a: Expr): Node {
  if (a.k === 'event') {
    // in window clauses there is no event: compileEvent reports that
    if (isWindowContext(ctx.env)) return compileEvent(ctx, a.span);
    return node((s) => s.time, NUM, []);
  }
  const step = stepOf(ctx, a);
  if (step === 'error') return errorNode();
  if (step !== null) return stepTimeNode(step.index, step.which);
  const v = ctx.compile(a);
  if (!admits(v.type, OBJ)) return fail(ctx, M.TimeArgument, a.span, describeType(v.type));
  const path = ctx.env.timePath ?? DEFAULT_TIME_PATH;
  const vEv = v.ev;
  return pure((s) => readEventTime(vEv(s), path), NUM | NULL, [v]);
}

/** `s`, `first(s)` or `last(s)` naming a visible step; null when `a` is something else. */
function stepOf(ctx: Ctx, a: Expr): { index: number; which: 'first' | 'last' } | null | 'error' {
  let which: 'first' | 'last' = 'last';
  let name = a;
  if (a.k === 'call' && a.callee.k === 'ident' && a.args.length === 1) {
    if (a.callee.name !== 'first' && a.callee.name !== 'last') return null;
    which = a.callee.name;
    name = a.args[0];
  }
  if (name.k !== 'ident') return null;
  const i = resolveStep(ctx, name.name, name.span);
  if (i === 'field') return null;
  return i === 'error' ? 'error' : { index: i, which };
}

/** `exists(path)`: true when the last step of the path is present, even holding null. */
export function compileExists(ctx: Ctx, a: Expr): Node {
  switch (a.k) {
    case 'ident':
      return existsIdent(ctx, a);
    case 'member':
      return existsMember(ctx, a);
    case 'index':
      return existsIndex(ctx, a);
    default:
      return fail(ctx, M.ExistsPath, a.span);
  }
}

function existsIdent(ctx: Ctx, a: Extract<Expr, { k: 'ident' }>): Node {
  if (isWindowContext(ctx.env) || ctx.confusableSteps.includes(a.name)) {
    return fail(ctx, M.ExistsPath, a.span);
  }
  const step = resolveStep(ctx, a.name, a.span);
  if (step === 'error') return errorNode();
  if (step !== 'field') {
    // a step "exists" once it has taken an event
    const count = countNode(step);
    const countEv = count.ev;
    return node((s) => (countEv(s) as number) > 0, BOOL, [count]);
  }
  const name = a.name;
  return node((s) => hasField(s.event, name), BOOL, []);
}

function existsMember(ctx: Ctx, a: Extract<Expr, { k: 'member' }>): Node {
  if (a.obj.k === 'prior' || a.obj.k === 'window') {
    // prior.last / window.start are not fields: they exist when they hold a value
    const whole = ctx.compile(a);
    const ev = whole.ev;
    return pure((s) => ev(s) !== null, BOOL, [whole]);
  }
  const obj = ctx.compile(a.obj);
  const objEv = obj.ev;
  const prop = a.prop;
  return pure((s) => hasField(objEv(s), prop), BOOL, [obj]);
}

function existsIndex(ctx: Ctx, a: Extract<Expr, { k: 'index' }>): Node {
  const obj = ctx.compile(a.obj);
  const index = ctx.compile(a.index);
  const [objEv, indexEv] = [obj.ev, index.ev];
  return pure((s) => hasIndex(objEv(s), indexEv(s)), BOOL, [obj, index]);
}

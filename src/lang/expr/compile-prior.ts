// `prior`: running aggregates over the key's earlier events (LANGUAGE.md 6.1). The compiler only
// registers each distinct aggregate with the rule's PriorSlots and reads its slot at run time;
// engine/prior.ts keeps the per-key state and updates it after each event is evaluated.

import type { Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { contextLabel, priorAllowed, type ExprEnv, type PriorFn, type PriorSlots } from './env';
import { exprKey } from './expr-key';
import { ExprMessages as M } from './messages';
import { errorNode, node, READS_PRIOR, READS_SCOPE, toCompiled, type Node } from './node';
import { admits, describeType, NULL, NUM, OBJ } from './types';

type Member = Extract<Expr, { k: 'member' }>;
type Call = Extract<Expr, { k: 'call' }>;

const PRIOR_READS = READS_PRIOR | READS_SCOPE;
const PRIOR_FNS: readonly string[] = ['count', 'sum', 'avg', 'min', 'max'];

/** The registry when `prior` may be used here; otherwise reports and returns null. */
function slots(ctx: Ctx, at: Expr): PriorSlots | null {
  if (priorAllowed(ctx.env)) return ctx.env.prior ?? null;
  fail(ctx, M.PriorNotAllowed, at.span, contextLabel(ctx.env));
  return null;
}

/** `prior.last` (the key's previous event); any other `prior.x` is an error. */
export function compilePriorMember(ctx: Ctx, e: Member): Node {
  const reg = slots(ctx, e.obj);
  if (reg === null) return errorNode();
  if (e.prop !== 'last') return fail(ctx, M.PriorMember, e.span);
  reg.useLast();
  return node((s) => {
    const v = s.prior === null ? null : s.prior.last();
    return v === undefined ? null : v;
  }, OBJ | NULL, [], PRIOR_READS);
}

/** True for a call of the form `prior.NAME(...)`. */
export function isPriorCall(e: Call): boolean {
  return e.callee.k === 'member' && e.callee.obj.k === 'prior';
}

/** `prior.count()`, `prior.sum(x)`, `prior.avg(x)`, `prior.min(x)`, `prior.max(x)`. */
export function compilePriorCall(ctx: Ctx, e: Call): Node {
  const callee = e.callee as Member;
  const reg = slots(ctx, callee.obj);
  if (reg === null) return errorNode();
  if (!PRIOR_FNS.includes(callee.prop)) return fail(ctx, M.PriorMember, callee.span);
  const fn = callee.prop as PriorFn;
  const want = fn === 'count' ? 0 : 1;
  if (e.args.length !== want) {
    const takes = want === 0 ? 'no arguments' : 'one argument';
    return fail(ctx, M.ArgumentCount, e.span, `prior.${fn}`, takes, String(e.args.length));
  }
  const slot = fn === 'count' ? reg.slot('count', null, '') : argSlot(ctx, reg, fn, e.args[0]);
  return slot < 0 ? node(() => null, NULL, []) : readSlot(fn, slot);
}

/** Compiles the argument over one event of the key and registers `fn(arg)`; -1 on error. */
function argSlot(ctx: Ctx, reg: PriorSlots, fn: PriorFn, argExpr: Expr): number {
  const argEnv: ExprEnv = {
    context: 'aggregateArg',
    steps: [],
    timePath: ctx.env.timePath,
    prior: null,
  };
  const errors = ctx.bag.items.length;
  const arg = ctx.compileIn(argExpr, argEnv, ctx.env.steps);
  if (!admits(arg.type, NUM)) {
    fail(ctx, M.ArgumentType, argExpr.span, `prior.${fn}`, 'numbers', describeType(arg.type));
  }
  if (ctx.bag.items.length > errors) return -1;
  return reg.slot(fn, toCompiled(arg), exprKey(argExpr));
}

function readSlot(fn: PriorFn, slot: number): Node {
  // without a prior view (which a runtime honouring readsPrior always supplies) the state is empty
  const empty = fn === 'count' || fn === 'sum' ? 0 : null;
  const type = fn === 'count' ? NUM : NUM | NULL; // a sum that overflowed reads null
  return node((s) => {
    const p = s.prior;
    if (p === null) return empty;
    const v = p.get(slot);
    return v === undefined ? null : v;
  }, type, [], PRIOR_READS);
}

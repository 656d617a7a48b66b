// The expression compiler: resolves what each name means in its clause (env.ts), checks the
// kinds of operands where they are known (types.ts), and builds a tree of closures that the
// runtime calls per event. Evaluation never throws and, for field reads, comparisons and logic,
// allocates nothing. No rule text is ever turned into JavaScript source.

import type { Expr } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import type { CompiledExpr } from './compiled';
import type { Ctx } from './ctx';
import { contextLabel, isPredicate, type ExprEnv } from './env';
import { ExprMessages as M, report } from './messages';
import { compileBinary } from './compile-binary';
import { compileCall } from './compile-call';
import {
  compileEvent,
  compileIdent,
  compileIndex,
  compileKey,
  compileMember,
  compileWindow,
} from './compile-names';
import { compilePriorMember } from './compile-prior';
import { operand } from './check';
import { constNode, errorNode, pure, toCompiled, type Node } from './node';
import * as ops from './ops';
import { BOOL, describeType, NULL, NUM, typeOfValue, ARR } from './types';

/**
 * Compiles `expr` for the clause described by `env`, reporting errors into `bag`. Always
 * returns a usable CompiledExpr: a part that failed to compile evaluates to null.
 */
export function compileExpr(expr: Expr, env: ExprEnv, bag: DiagnosticBag): CompiledExpr {
  const ctx = makeCtx(env, bag, []);
  const n = ctx.compile(expr);
  if (isPredicate(env) && (n.type & BOOL) === 0) {
    report(bag, M.NotBoolean, expr.span, capitalise(contextLabel(env)), describeType(n.type));
  }
  return toCompiled(n);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function makeCtx(env: ExprEnv, bag: DiagnosticBag, confusableSteps: readonly string[]): Ctx {
  const ctx: Ctx = {
    env,
    bag,
    confusableSteps,
    compile: (e) => compileNode(ctx, e),
    compileIn: (e, other, confusable) => makeCtx(other, bag, confusable).compile(e),
  };
  return ctx;
}

function compileNode(ctx: Ctx, e: Expr): Node {
  switch (e.k) {
    case 'lit':
      return constNode(e.value);
    case 'dur':
      return constNode(e.ms);
    case 'ident':
      return compileIdent(ctx, e);
    case 'event':
      return compileEvent(ctx, e.span);
    case 'key':
      return compileKey();
    case 'prior':
      return compilePriorMember(ctx, { k: 'member', obj: e, prop: '', propSpan: e.span, span: e.span });
    case 'window':
      return compileWindow(ctx, e.span);
    case 'member':
      return compileMember(ctx, e);
    case 'index':
      return compileIndex(ctx, e);
    case 'call':
      return compileCall(ctx, e);
    case 'unary':
      return compileUnary(ctx, e);
    case 'binary':
      return compileBinary(ctx, e);
    case 'array':
      return compileArray(ctx, e);
  }
}

function compileUnary(ctx: Ctx, e: Extract<Expr, { k: 'unary' }>): Node {
  const a = ctx.compile(e.arg);
  const ev = a.ev;
  if (e.op === 'not') {
    if (!operand(ctx, 'not', e.arg, a, BOOL, 'a boolean')) return errorNode();
    return pure((s) => ops.not(ev(s)), BOOL | NULL, [a]);
  }
  if (!operand(ctx, '-', e.arg, a, NUM, 'a number')) return errorNode();
  return pure((s) => ops.neg(ev(s)), NUM | NULL, [a]);
}

/** A list: built once (and frozen) when every item is constant, else per evaluation. */
function compileArray(ctx: Ctx, e: Extract<Expr, { k: 'array' }>): Node {
  const items = e.items.map((item) => ctx.compile(item));
  if (items.every((i) => i.konst)) {
    const n = constNode(Object.freeze(items.map((i) => i.value)));
    return { ...n, type: typeOfValue(n.value) };
  }
  const evs = items.map((i) => i.ev);
  return pure((s) => evs.map((ev) => ev(s)), ARR, items);
}

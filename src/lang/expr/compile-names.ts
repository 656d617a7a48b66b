// Names and field access: identifiers (a step, an aggregate or a field, by context), `event`,
// `key`, `window.start` / `window.end`, `a.b` and `a[i]`. Field reads are guarded (values.ts),
// so reading through a missing or non-object value gives null.

import type { Expr, Span } from '../ast';
import { fail, type Ctx } from './ctx';
import { contextLabel, isWindowContext } from './env';
import { ExprMessages as M } from './messages';
import { compilePriorMember } from './compile-prior';
import { lastEventNode, resolveStep } from './compile-steps';
import { errorNode, node, pure, type Node } from './node';
import { admits, ANY, ARR, describeType, NULL, NUM, OBJ, STR } from './types';
import { getField, getIndex } from './values';

type Ident = Extract<Expr, { k: 'ident' }>;
type Member = Extract<Expr, { k: 'member' }>;
type Index = Extract<Expr, { k: 'index' }>;

export function compileIdent(ctx: Ctx, e: Ident): Node {
  if (isWindowContext(ctx.env)) return aggregateRef(ctx, e.name, e.span);
  const step = resolveStep(ctx, e.name, e.span);
  if (step === 'error') return errorNode();
  if (step !== 'field') return lastEventNode(step);
  if (ctx.confusableSteps.includes(e.name)) {
    return fail(ctx, M.UnknownName, e.span, e.name, contextLabel(ctx.env), FIELDS_ONLY);
  }
  return fieldOfEvent(e.name);
}

const FIELDS_ONLY = 'fields of the event (steps are not visible: use the field names)';

/** A bare field: a field of the event under test (or of the match's last event in emit). */
function fieldOfEvent(name: string): Node {
  return node((s) => getField(s.event, name), ANY, []);
}

function aggregateRef(ctx: Ctx, name: string, span: Span): Node {
  const aggs = ctx.env.aggregates ?? [];
  const i = aggs.indexOf(name);
  if (i < 0) return fail(ctx, M.UnknownName, span, name, contextLabel(ctx.env), windowNames(aggs));
  return node((s) => {
    const v = s.aggs === null ? null : s.aggs[i];
    return v === undefined ? null : v;
  }, ANY, []);
}

function windowNames(aggs: readonly string[]): string {
  const list = aggs.length === 0 ? '' : `the aggregates (${aggs.join(', ')}), `;
  return `${list}key, window.start and window.end`;
}

export function compileEvent(ctx: Ctx, span: Span): Node {
  if (isWindowContext(ctx.env)) {
    return fail(ctx, M.EventNotVisible, span, contextLabel(ctx.env), windowNames(ctx.env.aggregates ?? []));
  }
  return node((s) => (s.event === undefined ? null : s.event), OBJ, []);
}

export function compileKey(): Node {
  return node((s) => (s.key === undefined ? null : s.key), STR | ARR | NULL, []);
}

export function compileMember(ctx: Ctx, e: Member): Node {
  if (e.obj.k === 'window') return windowMember(ctx, e);
  if (e.obj.k === 'prior') return compilePriorMember(ctx, e);
  const obj = ctx.compile(e.obj);
  if (!admits(obj.type, OBJ)) return fail(ctx, M.NoFields, e.obj.span, `.${e.prop}`, describeType(obj.type));
  const prop = e.prop;
  const objEv = obj.ev;
  return pure((s) => getField(objEv(s), prop), ANY, [obj]);
}

export function compileIndex(ctx: Ctx, e: Index): Node {
  const obj = ctx.compile(e.obj);
  const index = ctx.compile(e.index);
  if (!admits(obj.type, OBJ | ARR)) {
    return fail(ctx, M.NoFields, e.obj.span, '[...]', describeType(obj.type));
  }
  if (!admits(index.type, NUM | STR)) {
    return fail(ctx, M.OperandType, e.index.span, '[]', 'a number or a string', describeType(index.type));
  }
  const objEv = obj.ev;
  const indexEv = index.ev;
  return pure((s) => getIndex(objEv(s), indexEv(s)), ANY, [obj, index]);
}

/** `window.start` / `window.end`: the bounds of the window being fired. */
function windowMember(ctx: Ctx, e: Member): Node {
  if (!isWindowContext(ctx.env)) {
    const why = 'window.start and window.end exist only in having and emit of a window rule';
    return fail(ctx, M.WindowMisuse, e.span, why);
  }
  if (e.prop === 'start') return node((s) => s.windowStart, NUM, []);
  if (e.prop === 'end') return node((s) => s.windowEnd, NUM, []);
  return fail(ctx, M.WindowMisuse, e.propSpan, `window has only start and end, not '${e.prop}'`);
}

/** A bare `window`. */
export function compileWindow(ctx: Ctx, span: Span): Node {
  return fail(ctx, M.WindowMisuse, span, "'window' alone is not a value: write window.start or window.end");
}

// Step references and step aggregates (LANGUAGE.md 5.4): `s`, `s.x`, `count(s)`, `sum(s.x)`,
// `avg` `min` `max`, `first(s)`, `last(s)`, `time(s)`. They read `scope.steps`, the events a
// partial match (or match) has taken. A step may only refer to itself and earlier steps.

import type { Expr, PathSeg, Span } from '../ast';
import { fail, type Ctx } from './ctx';
import { lastVisibleStep, stepsVisible } from './env';
import { ExprMessages as M } from './messages';
import { errorNode, node, READS_SCOPE, READS_STEPS, type Node } from './node';
import type { EvalScope, TimedEvent } from './scope';
import { NULL, NUM, OBJ } from './types';
import { getPath } from './values';

const NO_EVENTS: readonly TimedEvent[] = [];
const STEP_READS = READS_STEPS | READS_SCOPE;

/** The events taken by step `i`, never throwing when the runtime left steps out. */
export function eventsOf(s: EvalScope, i: number): readonly TimedEvent[] {
  const steps = s.steps;
  if (steps === null) return NO_EVENTS;
  return steps.events(i) ?? NO_EVENTS;
}

/**
 * What an identifier is: the index of a visible step, `field` when it is no step here, or
 * `error` after reporting a forward reference.
 */
export function resolveStep(ctx: Ctx, name: string, span: Span): number | 'field' | 'error' {
  if (!stepsVisible(ctx.env)) return 'field';
  const i = ctx.env.steps.indexOf(name);
  if (i < 0) return 'field';
  if (i > lastVisibleStep(ctx.env)) {
    const own = ctx.env.steps[ctx.env.stepIndex ?? -1] ?? '?';
    fail(ctx, M.ForwardReference, span, own, name);
    return 'error';
  }
  return i;
}

function valueOf(e: TimedEvent | undefined): unknown {
  if (e === undefined) return null;
  return e.value === undefined ? null : e.value;
}

/** `s` (and `last(s)`): the last event taken by step i, or null. */
export function lastEventNode(i: number): Node {
  return node((s) => {
    const evs = eventsOf(s, i);
    return valueOf(evs[evs.length - 1]);
  }, OBJ | NULL, [], STEP_READS);
}

/** `first(s)`: the first event taken by step i, or null. */
export function firstEventNode(i: number): Node {
  return node((s) => valueOf(eventsOf(s, i)[0]), OBJ | NULL, [], STEP_READS);
}

export function countNode(i: number): Node {
  return node((s) => eventsOf(s, i).length, NUM, [], STEP_READS);
}

/** `time(s)`, `time(last(s))` (which = 'last') or `time(first(s))`: an event time or null. */
export function stepTimeNode(i: number, which: 'first' | 'last'): Node {
  return node((s) => {
    const evs = eventsOf(s, i);
    const e = which === 'first' ? evs[0] : evs[evs.length - 1];
    return e === undefined ? null : e.time;
  }, NUM | NULL, [], STEP_READS);
}

export type StepAggFn = 'sum' | 'avg' | 'min' | 'max';

/** sum/avg/min/max over the numbers at `path` in step i's events; other values are skipped. */
export function stepAggNode(fn: StepAggFn, i: number, path: readonly PathSeg[]): Node {
  const fold = FOLDS[fn];
  // sum is 0 over no numbers, but null if it overflows
  return node((s) => fold(eventsOf(s, i), path), NUM | NULL, [], STEP_READS);
}

type Fold = (evs: readonly TimedEvent[], path: readonly PathSeg[]) => number | null;

const FOLDS: Record<StepAggFn, Fold> = {
  sum: (evs, path) => {
    let sum = 0;
    for (let k = 0; k < evs.length; k++) {
      const v = getPath(evs[k].value, path);
      if (typeof v === 'number') sum += v;
    }
    return Number.isFinite(sum) ? sum : null;
  },
  avg: (evs, path) => {
    let sum = 0;
    let n = 0;
    for (let k = 0; k < evs.length; k++) {
      const v = getPath(evs[k].value, path);
      if (typeof v === 'number') {
        sum += v;
        n++;
      }
    }
    return n === 0 || !Number.isFinite(sum) ? null : sum / n;
  },
  min: (evs, path) => extreme(evs, path, -1),
  max: (evs, path) => extreme(evs, path, 1),
};

/** The smallest (sign -1) or largest (sign 1) number at `path`, or null when there is none. */
function extreme(evs: readonly TimedEvent[], path: readonly PathSeg[], sign: number): number | null {
  let best: number | null = null;
  for (let k = 0; k < evs.length; k++) {
    const v = getPath(evs[k].value, path);
    if (typeof v === 'number' && (best === null || (v - best) * sign > 0)) best = v;
  }
  return best;
}

/**
 * Splits `s.a[0].b` into step s and the path ["a", 0, "b"]; null when `e` is not rooted at a
 * visible step; an error node after reporting a bad index or a forward reference.
 */
export function stepPath(
  ctx: Ctx,
  e: Expr,
  fnName: string,
): { step: number; path: PathSeg[] } | null | Node {
  const path: PathSeg[] = [];
  let cur = e;
  for (;;) {
    if (cur.k === 'member') {
      path.unshift(cur.prop);
      cur = cur.obj;
    } else if (cur.k === 'index') {
      const seg = literalSeg(cur.index);
      if (seg === null) return fail(ctx, M.StepPathIndex, cur.index.span, fnName);
      path.unshift(seg);
      cur = cur.obj;
    } else break;
  }
  if (cur.k !== 'ident') return null;
  const step = resolveStep(ctx, cur.name, cur.span);
  if (step === 'error') return errorNode();
  return step === 'field' ? null : { step, path };
}

function literalSeg(e: Expr): PathSeg | null {
  if (e.k !== 'lit') return null;
  return typeof e.value === 'string' || typeof e.value === 'number' ? e.value : null;
}

// The compile-time environment of an expression: which clause it sits in (which decides what its
// names mean), the rule's steps and aggregates, and where `prior` aggregates are registered.

import type { PathSeg } from '../ast';
import type { CompiledExpr } from './compiled';

/**
 * Where an expression stands, and so what it may read:
 * - `filter`: fields of the event under test, `event`, `key`;
 * - `condition` / `until` of step `stepIndex`: as filter, plus steps 0..stepIndex (their events
 *   already taken), step aggregates and `prior`; a later step is a forward-reference error;
 * - `emit` / `timeoutEmit`: every step (the whole match or partial match), bare fields of the
 *   match's last event, `key`, `prior`;
 * - `having` / `windowEmit`: aggregate names, `key`, `window.start`, `window.end`;
 * - `aggregateArg`: fields of one event, `event`, `key` (window aggregate arguments and the
 *   arguments of `prior.sum(x)` ...).
 */
export type ExprContext =
  | 'filter'
  | 'condition'
  | 'until'
  | 'emit'
  | 'timeoutEmit'
  | 'having'
  | 'windowEmit'
  | 'aggregateArg';

export type PriorFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** Collects the distinct `prior` aggregates of a rule (implemented by engine/prior.ts). */
export interface PriorSlots {
  /**
   * The slot of `fn(arg)`; the same `argKey` (a structural key of the argument) and fn always
   * give the same slot. `arg` is null for count.
   */
  slot(fn: PriorFn, arg: CompiledExpr | null, argKey: string): number;
  /** records that `prior.last` is read, so the state keeps the last event */
  useLast(): void;
}

export interface ExprEnv {
  readonly context: ExprContext;
  /** pattern rules: step names in pattern order; index i is `StepEvents.events(i)` */
  readonly steps: readonly string[];
  /** `condition` / `until`: index in `steps` of the step this condition belongs to */
  readonly stepIndex?: number;
  /** window rules: aggregate names; index i reads `EvalScope.aggs[i]` */
  readonly aggregates?: readonly string[];
  /** the source's event-time field path, for `time(x)` of a plain value; default `ts` */
  readonly timePath?: readonly PathSeg[];
  /** pattern rules: where `prior` aggregates go. Absent or null: `prior` is a compile error */
  readonly prior?: PriorSlots | null;
}

/** True when step names resolve to steps (and step aggregates are allowed). */
export function stepsVisible(env: ExprEnv): boolean {
  const c = env.context;
  return c === 'condition' || c === 'until' || c === 'emit' || c === 'timeoutEmit';
}

/** The last step index an expression may read: its own step in a condition, else every step. */
export function lastVisibleStep(env: ExprEnv): number {
  const c = env.context;
  if (c === 'condition' || c === 'until') return env.stepIndex ?? env.steps.length - 1;
  return env.steps.length - 1;
}

/** True in the window clauses, where names are aggregates and `window.*`. */
export function isWindowContext(env: ExprEnv): boolean {
  return env.context === 'having' || env.context === 'windowEmit';
}

/** True where `prior` may be read: conditions and emit of a pattern rule. */
export function priorAllowed(env: ExprEnv): boolean {
  return env.prior != null && stepsVisible(env);
}

/** True where the expression decides something, so it must be boolean. */
export function isPredicate(env: ExprEnv): boolean {
  const c = env.context;
  return c === 'filter' || c === 'condition' || c === 'until' || c === 'having';
}

/** How messages name the clause: "the filter", "the condition of step 'big'". */
export function contextLabel(env: ExprEnv): string {
  const step = env.steps[env.stepIndex ?? -1];
  switch (env.context) {
    case 'filter':
      return 'the filter';
    case 'condition':
      return step === undefined ? 'a condition' : `the condition of step '${step}'`;
    case 'until':
      return step === undefined ? 'until' : `the until of step '${step}'`;
    case 'emit':
      return 'emit';
    case 'timeoutEmit':
      return 'on timeout emit';
    case 'having':
      return 'having';
    case 'windowEmit':
      return 'the emit of a window rule';
    case 'aggregateArg':
      return 'an aggregate argument';
  }
}

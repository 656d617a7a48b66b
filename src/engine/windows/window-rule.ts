// A compiled window rule as its runtime sees it: plain functions and numbers, nothing of the
// syntax tree. One per rule version, shared by every key. Assignable to the engine's
// `RuleInfo & { kind: 'window' }`.

import type { EvalScope } from '../../lang/expr/scope';
import type { KeyOf } from '../keys';
import type { EmitField, Evaluator, RuleInfo } from '../rule';
import type { AggregateFn } from './accumulators';

/** Durations in ms. Tumbling windows are sliding windows whose slide is their size. */
export type WindowAssigner =
  | { readonly kind: 'tumbling'; readonly size: number }
  | { readonly kind: 'sliding'; readonly size: number; readonly slide: number }
  | { readonly kind: 'session'; readonly gap: number };

export interface WindowAggregate {
  readonly name: string;
  readonly fn: AggregateFn;
  /** the argument, evaluated on each event (null for count) */
  readonly arg: Evaluator | null;
}

export interface WindowRule extends RuleInfo {
  readonly kind: 'window';
  readonly keyOf: (event: unknown) => KeyOf;
  readonly filter: Evaluator | null;
  readonly assigner: WindowAssigner;
  /** the source's allowed lateness in ms (Flink's allowedLateness) */
  readonly lateness: number;
  readonly aggregates: readonly WindowAggregate[];
  /** `having`: the window's alert is emitted only when this returns true */
  readonly having: Evaluator | null;
  readonly emit: readonly EmitField[];
  /** `suppress D` in ms, or null */
  readonly suppress: number | null;
  /** the scope every evaluator of this rule reads (one object, refilled per evaluation) */
  readonly scope: EvalScope;
}

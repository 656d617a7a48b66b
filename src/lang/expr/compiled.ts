// What the compiler hands to the runtime: a total evaluation function plus facts about it.

import type { EvalScope } from './scope';
import type { StaticType } from './types';

export interface CompiledExpr {
  /** The value of the expression (a JSON value; null for missing). Never throws. */
  readonly evaluate: (scope: EvalScope) => unknown;
  /** True exactly when the value is `true`: how filter, conditions, until and having pass. */
  readonly test: (scope: EvalScope) => boolean;
  /** The kinds of value it may produce (bitmask of types.ts). */
  readonly type: StaticType;
  /** Reads `scope.steps`: step references, step aggregates, time(step). When false the runtime
   *  may leave `scope.steps` null and skip materialising a partial match's events. */
  readonly readsSteps: boolean;
  /** Reads `scope.prior` (prior.*). When false the runtime may leave `scope.prior` null. */
  readonly readsPrior: boolean;
  /** Does not depend on the scope at all (constant-folded); `value` holds it. */
  readonly isConstant: boolean;
  readonly value?: unknown;
}

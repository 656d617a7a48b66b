// A compiled rule as the runtime sees it: plain functions and the automaton, nothing of the
// syntax tree. One per rule version, shared by every key.

import type { Severity } from '../lang/ast';
import type { EvalScope } from '../lang/expr/scope';
import type { PriorRegistry } from './prior';
import type { KeyOf } from './keys';
import type { Automaton } from './nfa/compile';
import type { StepPredicates } from './nfa/conditions';
import type { SkipStrategy } from './nfa/skip';

export type Evaluator = (scope: EvalScope) => unknown;

export interface EmitField {
  readonly name: string;
  readonly eval: Evaluator;
}


export interface RuleInfo {
  readonly name: string;
  /** hash of the rule's normalised source */
  readonly version: string;
  /**
   * hash of what its run state depends on (source, key, filter, pattern, conditions, within,
   * skip, windows, prior...): equal across a reload that changed only emit, severity, etc.
   */
  readonly stateSignature: string;
  readonly file: string;
  readonly sourceText: string;
  readonly severity: Severity;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  /** the source (stream) the rule reads */
  readonly source: string;
}

export interface PatternRule extends RuleInfo {
  readonly kind: 'pattern';
  readonly keyOf: (event: unknown) => KeyOf;
  readonly filter: Evaluator | null;
  readonly automaton: Automaton;
  readonly predicates: StepPredicates;
  readonly skip: SkipStrategy;
  readonly emit: readonly EmitField[];
  readonly timeoutEmit: readonly EmitField[] | null;
  /** emit reads `prior`: a held-back match must keep the prior state of its completion */
  readonly emitReadsPrior: boolean;
  /** running per-key aggregates (`prior`), or null when the rule reads none */
  readonly prior: PriorRegistry | null;
  readonly maxPartial: number;
  /** `within session gap D` in ms, or null */
  readonly sessionGap: number | null;
  /** `suppress D` in ms, or null */
  readonly suppress: number | null;
  /** the scope every evaluator of this rule reads (one object, refilled per evaluation) */
  readonly scope: EvalScope;
}

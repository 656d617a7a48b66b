// Helpers for the expression tests: compile text in an environment, evaluate against an event.

import { DiagnosticBag, type Diagnostic } from '../../../src/lang/diagnostic';
import { compileExpr } from '../../../src/lang/expr/compile';
import type { CompiledExpr } from '../../../src/lang/expr/compiled';
import type { ExprEnv } from '../../../src/lang/expr/env';
import { emptyScope, type EvalScope, type StepEvents, type TimedEvent } from '../../../src/lang/expr/scope';
import { parseExpr } from './build';

export const FILTER: ExprEnv = { context: 'filter', steps: [] };
/** A clause with no boolean requirement and no steps: for evaluating plain values. */
export const VALUE: ExprEnv = { context: 'emit', steps: [] };

export function compileText(src: string, env: ExprEnv = VALUE): { c: CompiledExpr; diags: Diagnostic[] } {
  const bag = new DiagnosticBag('test.cep');
  const c = compileExpr(parseExpr(src), env, bag);
  return { c, diags: bag.items };
}

/** Compiles and fails the test on any diagnostic. */
export function compileOk(src: string, env: ExprEnv = VALUE): CompiledExpr {
  const { c, diags } = compileText(src, env);
  if (diags.length > 0) throw new Error(`unexpected diagnostics for ${src}: ${JSON.stringify(diags)}`);
  return c;
}

/** Codes of the diagnostics `src` produces. */
export function codes(src: string, env: ExprEnv = VALUE): string[] {
  return compileText(src, env).diags.map((d) => d.code);
}

export function scopeWith(event: unknown, extra: Partial<EvalScope> = {}): EvalScope {
  return { ...emptyScope(), event, ...extra };
}

/** Evaluates `src` (compiled in `env`) against `event`. */
export function evalText(src: string, event: unknown = {}, env: ExprEnv = VALUE, extra: Partial<EvalScope> = {}): unknown {
  return compileOk(src, env).evaluate(scopeWith(event, extra));
}

/** A StepEvents over per-step lists of events; each event's time is its `ts` field. */
export function fakeSteps(lists: readonly (readonly Record<string, unknown>[])[]): StepEvents & { calls: number } {
  const timed: TimedEvent[][] = lists.map((l) => l.map((value) => ({ value, time: Number(value.ts ?? 0) })));
  const steps = {
    calls: 0,
    events(i: number): readonly TimedEvent[] {
      steps.calls++;
      return timed[i] ?? [];
    },
  };
  return steps;
}

// A checked pattern rule → the runtime's PatternRule: expressions compiled in their contexts,
// the pattern turned into Flink's chain and then into the automaton.

import type { Expr, RuleDecl, SourceDecl } from '../lang/ast';
import { DiagnosticBag } from '../lang/diagnostic';
import { compileExpr } from '../lang/expr/compile';
import type { CompiledExpr } from '../lang/expr/compiled';
import type { ExprEnv } from '../lang/expr/env';
import { type EvalScope, emptyScope } from '../lang/expr/scope';
import { keyExtractor } from '../engine/keys';
import { compileAutomaton } from '../engine/nfa/compile';
import type { StepPredicates } from '../engine/nfa/conditions';
import { type StepTable, buildChain } from '../engine/nfa/pattern-chain';
import { skipStrategy } from '../engine/nfa/skip';
import { PriorRegistry } from '../engine/prior';
import type { EmitField, PatternRule } from '../engine/rule';
import type { RuleInfo } from '../engine/rule';
import { combineSignature } from './state-signature';

const DEFAULT_MAX_PARTIAL = 10000;

export function compilePatternRule(
  decl: RuleDecl,
  info: RuleInfo,
  source: SourceDecl | undefined,
  bag: DiagnosticBag,
): PatternRule | null {
  const pattern = decl.pattern;
  if (pattern === undefined) return null;
  const whereOf = new Map<string, Expr>();
  for (const w of decl.where?.entries ?? []) whereOf.set(w.step, w.expr);
  const steps: StepTable = { names: [], negated: [], hasCondition: [] };
  const chain = buildChain(pattern, steps, new Set(whereOf.keys()));
  const timePath = source?.time?.path ?? ['ts'];
  const prior = new PriorRegistry();
  const env = (context: ExprEnv['context'], stepIndex?: number): ExprEnv => ({
    context,
    steps: steps.names,
    stepIndex,
    timePath,
    prior,
  });

  const conds: (CompiledExpr | null)[] = steps.names.map((name, i) => {
    const e = whereOf.get(name);
    return e === undefined ? null : compileExpr(e, env('condition', i), bag);
  });
  // for conditions that read the branch's events: the parts that read only the event, compiled
  // apart (with a registry of their own, so the rule's prior layout stays as it is)
  const guards = steps.names.map((name, i) => {
    const e = whereOf.get(name);
    return e === undefined || conds[i]?.readsSteps !== true ? null : eventGuard(e, { ...env('condition', i), prior: new PriorRegistry() });
  });
  const untils: (CompiledExpr | null)[] = steps.names.map(() => null);
  collectUntils(pattern.elements, steps.names, (i, e) => {
    untils[i] = compileExpr(e, env('until', i), bag);
  });
  const filter = decl.filter ? compileExpr(decl.filter.expr, env('filter'), bag) : null;
  const emit = compileEmit(decl.emit?.fields ?? [], env('emit'), bag);
  const timeoutEmit = decl.timeoutEmit ? compileEmit(decl.timeoutEmit.fields, env('timeoutEmit'), bag) : null;
  if (bag.hasErrors) return null;

  const automaton = compileAutomaton(chain, steps, decl.within?.ms ?? 0);
  const stepIndex = (name: string) => steps.names.indexOf(name);
  return {
    ...info,
    // the prior state's layout depends on which prior aggregates emit and conditions read
    stateSignature: combineSignature(info.stateSignature, prior.signature),
    kind: 'pattern',
    keyOf: keyExtractor(decl.key?.paths ?? null),
    filter: filter === null ? null : filter.evaluate,
    automaton,
    predicates: predicates(conds, untils, guards),
    skip: skipStrategy(decl.skip, stepIndex),
    emit,
    timeoutEmit,
    emitReadsPrior: emit.readsPrior === true,
    prior: prior.used ? prior : null,
    maxPartial: decl.maxPartial?.value ?? DEFAULT_MAX_PARTIAL,
    sessionGap: decl.withinSession?.ms ?? null,
    suppress: decl.suppress?.ms ?? null,
    scope: emptyScope(),
  };
}

function predicates(
  conds: (CompiledExpr | null)[],
  untils: (CompiledExpr | null)[],
  guards: (EventTest | null)[],
): StepPredicates {
  const take = conds.map((c) => (c === null ? null : c.test));
  const until = untils.map((c) => (c === null ? null : c.test));
  const readsSteps = (c: CompiledExpr | null) => c !== null && c.readsSteps;
  return {
    perEvent: conds.map((c, i) => !readsSteps(c) && !readsSteps(untils[i])),
    step: (i, scope) => {
      const t = take[i];
      return t === null ? true : t(scope);
    },
    mayHold: (i, scope) => {
      const c = conds[i];
      if (c === null) return true;
      if (!c.readsSteps) return c.test(scope);
      const g = guards[i];
      return g === null ? true : g(scope);
    },
    until: (i, scope) => {
      const u = until[i];
      return u === null ? false : u(scope);
    },
  };
}

type EventTest = (scope: EvalScope) => boolean;

/**
 * The conjuncts of `e`'s top-level `and` chain that read only the event, as one test; null when
 * there are none. `a and b` is true only when both are, so where this is false, so is `e`, for
 * every branch.
 */
function eventGuard(e: Expr, env: ExprEnv): EventTest | null {
  const tests: EventTest[] = [];
  for (const part of conjuncts(e)) {
    const bag = new DiagnosticBag('');
    const c = compileExpr(part, env, bag);
    if (!bag.hasErrors && !c.readsSteps && !c.readsPrior) tests.push(c.test);
  }
  if (tests.length === 0) return null;
  return (scope) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](scope)) return false;
    return true;
  };
}

function conjuncts(e: Expr): Expr[] {
  return e.k === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function collectUntils(
  elements: readonly import('../lang/ast').PatternElement[],
  names: readonly string[],
  onUntil: (step: number, e: Expr) => void,
): void {
  for (const el of elements) {
    if (el.item.kind === 'group') collectUntils(el.item.body.elements, names, onUntil);
    else if (el.modifiers.until) onUntil(names.indexOf(el.item.name), el.modifiers.until.expr);
  }
}

function compileEmit(
  fields: readonly { name: string; expr: Expr }[],
  env: ExprEnv,
  bag: DiagnosticBag,
): EmitField[] & { readsPrior?: boolean } {
  const out: EmitField[] & { readsPrior?: boolean } = [];
  for (const f of fields) {
    const c = compileExpr(f.expr, env, bag);
    if (c.readsPrior) out.readsPrior = true;
    out.push({ name: f.name, eval: c.evaluate });
  }
  return out;
}

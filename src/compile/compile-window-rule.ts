// A checked window rule → the runtime's WindowRule (LANGUAGE.md 8): aggregate arguments compiled
// over one event, `having` and `emit` over the aggregates, `key`, `window.start`/`window.end`.
// The structural checks (functions, argument counts, names, clauses) ran before this.

import type { Expr, RuleDecl, SourceDecl, WindowSpec } from '../lang/ast';
import type { DiagnosticBag } from '../lang/diagnostic';
import { compileExpr } from '../lang/expr/compile';
import type { ExprEnv } from '../lang/expr/env';
import { emptyScope } from '../lang/expr/scope';
import { keyExtractor } from '../engine/keys';
import type { EmitField, RuleInfo } from '../engine/rule';
import { isAggregateFn } from '../engine/windows/accumulators';
import type { WindowAggregate, WindowAssigner, WindowRule } from '../engine/windows/window-rule';

export function compileWindowRule(
  decl: RuleDecl,
  info: RuleInfo,
  source: SourceDecl | undefined,
  bag: DiagnosticBag,
): WindowRule | null {
  const spec = decl.window;
  if (spec === undefined) return null;
  const timePath = source?.time?.path ?? ['ts'];
  const defs = decl.aggregate?.items ?? [];
  const names = defs.map((d) => d.name);
  const env = (context: ExprEnv['context']): ExprEnv => ({ context, steps: [], aggregates: names, timePath });

  const aggregates: WindowAggregate[] = [];
  for (const d of defs) {
    // an unknown function was reported by the checker; nothing to run then
    if (!isAggregateFn(d.fn)) return null;
    const arg = d.fn === 'count' ? null : argumentOf(d.arg, d.args);
    aggregates.push({
      name: d.name,
      fn: d.fn,
      arg: arg === null ? null : compileExpr(arg, env('aggregateArg'), bag).evaluate,
    });
  }
  const filter = decl.filter ? compileExpr(decl.filter.expr, env('filter'), bag) : null;
  const having = decl.having ? compileExpr(decl.having.expr, env('having'), bag) : null;
  const emit: EmitField[] = (decl.emit?.fields ?? []).map((f) => ({
    name: f.name,
    eval: compileExpr(f.expr, env('windowEmit'), bag).evaluate,
  }));
  if (bag.hasErrors) return null;

  return {
    ...info,
    kind: 'window',
    keyOf: keyExtractor(decl.key?.paths ?? null),
    filter: filter === null ? null : filter.evaluate,
    assigner: assignerOf(spec),
    lateness: source?.lateness?.ms ?? 0,
    aggregates,
    having: having === null ? null : having.test,
    emit,
    suppress: decl.suppress?.ms ?? null,
    scope: emptyScope(),
  };
}

function argumentOf(arg: Expr | null, args: Expr[] | undefined): Expr | null {
  return arg ?? args?.[0] ?? null;
}

function assignerOf(spec: WindowSpec): WindowAssigner {
  switch (spec.kind) {
    case 'tumbling':
      return { kind: 'tumbling', size: spec.size.ms };
    case 'sliding':
      return { kind: 'sliding', size: spec.size.ms, slide: spec.slide.ms };
    case 'session':
      return { kind: 'session', gap: spec.gap.ms };
  }
}

// Window rules: the aggregate functions, their arguments and names (LANGUAGE.md section 8).
import { isReserved } from '../../../grammar/lexer';
import type { AggregateDef, RuleDecl, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';

const FUNCTIONS = new Set(['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'distinct_count']);

export function checkAggregates(rule: RuleDecl, bag: DiagnosticBag): void {
  const first = new Map<string, Span>();
  for (const def of rule.aggregate?.items ?? []) {
    checkFunction(def, bag);
    if (isReserved(def.name)) report(bag, M.ReservedAggregateName, def.nameSpan, def.name);
    const earlier = first.get(def.name);
    if (earlier === undefined) first.set(def.name, def.nameSpan);
    else report(bag, M.DuplicateAggregate, def.nameSpan, def.name, String(earlier.line));
  }
}

/** A known function; `count()` takes no argument, the others exactly one. */
function checkFunction(def: AggregateDef, bag: DiagnosticBag): void {
  if (!FUNCTIONS.has(def.fn)) return report(bag, M.UnknownAggregate, def.fnSpan, def.fn);
  const args = def.args ?? (def.arg === null ? [] : [def.arg]);
  if (def.fn === 'count') {
    if (args.length > 0) report(bag, M.CountTakesNoArgument, def.span);
    return;
  }
  if (args.length !== 1) {
    const given = args.length === 0 ? 'none was' : `${args.length} were`;
    report(bag, M.AggregateArgumentCount, def.span, def.fn, given);
  }
}

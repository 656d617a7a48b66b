// Which clauses a rule may have, and how often (LANGUAGE.md sections 3, 4 and 8).
import type { ClauseMark, RuleDecl, SourceDecl, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';
import { isAfter } from './pattern-shape';

/** Clauses that only mean something in a pattern rule. */
const PATTERN_ONLY = new Set(['where', 'skip', 'within', 'within session gap', 'on timeout emit', 'max partial']);

/** Clauses that only mean something in a window rule. */
const WINDOW_ONLY = new Set(['aggregate', 'having']);

/** Each clause at most once: the second is reported, naming the first. */
export function checkRepeatedClauses(decl: RuleDecl | SourceDecl, bag: DiagnosticBag): void {
  const first = new Map<string, ClauseMark>();
  const owner = `${decl.kind} '${decl.name}'`;
  for (const mark of decl.clauses ?? []) {
    const earlier = first.get(mark.name);
    if (earlier === undefined) first.set(mark.name, mark);
    else report(bag, M.DuplicateClause, mark.span, mark.name, owner, String(earlier.span.line));
  }
}

/** A rule has a pattern or a window; the clauses of the other kind do not belong. */
export function checkRuleKind(rule: RuleDecl, bag: DiagnosticBag): void {
  const pattern = markOf(rule, 'pattern');
  const window = markOf(rule, 'window');
  if (pattern !== undefined && window !== undefined) return reportBoth(pattern, window, bag);
  if (pattern === undefined && window === undefined) {
    return report(bag, M.NoPatternOrWindow, rule.nameSpan, rule.name);
  }
  if (window !== undefined) checkWindowRuleClauses(rule, window, bag);
  else checkPatternRuleClauses(rule, bag);
}

/** Points at the later of the two and names the earlier. */
function reportBoth(pattern: ClauseMark, window: ClauseMark, bag: DiagnosticBag): void {
  const [later, earlier] = isAfter(window.span, pattern.span) ? [window, pattern] : [pattern, window];
  report(bag, M.PatternAndWindow, later.span, later.name, earlier.name, String(earlier.span.line));
}

function checkWindowRuleClauses(rule: RuleDecl, window: ClauseMark, bag: DiagnosticBag): void {
  for (const mark of rule.clauses ?? []) {
    if (PATTERN_ONLY.has(mark.name)) report(bag, M.PatternClauseInWindowRule, mark.span, mark.name);
  }
  if (rule.aggregate === undefined) report(bag, M.WindowNeedsAggregate, window.span);
}

function checkPatternRuleClauses(rule: RuleDecl, bag: DiagnosticBag): void {
  for (const mark of rule.clauses ?? []) {
    if (WINDOW_ONLY.has(mark.name)) report(bag, M.WindowClauseInPatternRule, mark.span, mark.name);
  }
  if (rule.timeoutEmit !== undefined && rule.within === undefined && rule.withinSession === undefined) {
    report(bag, M.TimeoutWithoutWithin, rule.timeoutEmit.span);
  }
}

function markOf(rule: RuleDecl, name: string): ClauseMark | undefined {
  const mark = rule.clauses?.find((m) => m.name === name);
  if (mark !== undefined) return mark;
  // an AST built without clause marks still has the clauses themselves
  const span: Span | undefined = name === 'pattern' ? rule.pattern?.span : rule.window?.span;
  return span === undefined ? undefined : { name, span };
}

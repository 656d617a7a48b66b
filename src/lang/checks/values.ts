// Clause values the grammar accepts as words or numbers but that have a fixed range: severity,
// max partial, format, durations that must be positive, emit names, path indexes.
import type { DurationLit, EmitClause, PathSeg, RuleDecl, SourceDecl, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

export function checkRuleValues(rule: RuleDecl, bag: DiagnosticBag): void {
  const sev = rule.severity;
  if (sev !== undefined && !SEVERITIES.has(sev.value)) report(bag, M.BadSeverity, sev.span, sev.value);
  const max = rule.maxPartial;
  if (max !== undefined && !(Number.isInteger(max.value) && max.value >= 1)) {
    report(bag, M.BadMaxPartial, max.span, String(max.value));
  }
  for (const emit of [rule.emit, rule.timeoutEmit]) if (emit !== undefined) checkEmitNames(emit, bag);
  for (const path of rule.key?.paths ?? []) checkPath(path, rule.key?.span as Span, bag);
  checkPositive(rule, bag);
}

export function checkSourceValues(source: SourceDecl, bag: DiagnosticBag): void {
  const format = source.format;
  if (format !== undefined && format.value !== 'json') report(bag, M.BadFormat, format.span, format.value);
  if (source.time !== undefined) checkPath(source.time.path, source.time.span, bag);
}

/** Time bounds and window lengths of 0ms would match or hold nothing. */
function checkPositive(rule: RuleDecl, bag: DiagnosticBag): void {
  const w = rule.window;
  const bounds: [string, DurationLit | undefined][] = [
    ["'within'", rule.within],
    ["'within session gap'", rule.withinSession],
    ['the window size', w?.kind === 'tumbling' || w?.kind === 'sliding' ? w.size : undefined],
    ["the window's 'every'", w?.kind === 'sliding' ? w.slide : undefined],
    ['the session gap', w?.kind === 'session' ? w.gap : undefined],
  ];
  for (const [what, d] of bounds) {
    if (d !== undefined && d.ms <= 0) report(bag, M.ZeroDuration, d.span, what);
  }
}

/** Alert fields are an object: each name once. */
function checkEmitNames(emit: EmitClause, bag: DiagnosticBag): void {
  const first = new Map<string, Span>();
  for (const field of emit.fields) {
    const earlier = first.get(field.name);
    if (earlier === undefined) first.set(field.name, field.nameSpan);
    else report(bag, M.DuplicateEmitField, field.nameSpan, field.name, String(earlier.line));
  }
}

/** `items[1.5]` cannot index anything. */
function checkPath(path: PathSeg[], span: Span, bag: DiagnosticBag): void {
  for (const seg of path) {
    if (typeof seg === 'number' && !Number.isInteger(seg)) report(bag, M.BadIndex, span, String(seg));
  }
}

// The one diagnostics catalogue: every compile error has a stable code and a message template
// here (CEP1xxx syntax, CEP2001-CEP2499 structural checks, CEP2500-CEP2999 the expression
// compiler's, kept in ./expr/messages.ts and re-exported). Codes are never renumbered or reused;
// doc/diagnostics.md lists them, and a test keeps the two in step.
// Templates take positional arguments `{0}`, `{1}` ... filled by `report`.
import type { Span } from './ast';
import type { DiagnosticBag } from './diagnostic';
import { ExprMessages } from './expr/messages';

export { ExprMessages };

export interface MessageDef {
  readonly code: string;
  readonly text: string;
}

/** Errors of the lexer and the parser. */
export const SyntaxMessages = {
  InternalError: { code: 'CEP1000', text: 'internal error while parsing this file: {0}' },
  UnexpectedToken: { code: 'CEP1001', text: 'expected {0}, found {1}' },
  UnexpectedEnd: { code: 'CEP1002', text: 'expected {0}, found the end of the file' },
  UnterminatedString: {
    code: 'CEP1003',
    text: 'unterminated string: a string must end on the line where it starts',
  },
  BadEscape: {
    code: 'CEP1004',
    text: "invalid escape '{0}' in a string; the escapes are \\\\ \\\" \\' \\n \\t and \\uXXXX",
  },
  UnterminatedComment: { code: 'CEP1005', text: "unterminated comment: '/*' without '*/'" },
  InvalidCharacter: { code: 'CEP1006', text: "unexpected character '{0}'" },
  BadNumber: {
    code: 'CEP1007',
    text: "'{0}' is not a number or a duration; a duration is a whole number directly followed by ms, s, m, h or d (500ms, 10s, 5m, 1h, 7d)",
  },
  BadOperator: { code: 'CEP1008', text: "'{0}' is not an operator; write '{1}'" },
  OutsideBlock: { code: 'CEP1009', text: "expected 'rule' or 'source', found {0}" },
  ChainedComparison: {
    code: 'CEP1010',
    text: "comparisons do not chain: '{0}' cannot follow a comparison; write 'a < b and b < c'",
  },
} as const satisfies Record<string, MessageDef>;

/** Structural errors found by the checker (src/lang/check.ts). */
export const CheckMessages = {
  // clauses and blocks
  DuplicateClause: { code: 'CEP2001', text: "'{0}' is given twice in {1}; the first is at line {2}" },
  PatternAndWindow: {
    code: 'CEP2002',
    text: "a rule has a pattern or a window, not both: {0} beside the {1} at line {2}",
  },
  NoPatternOrWindow: { code: 'CEP2003', text: "rule '{0}' has neither a 'pattern' nor a 'window'" },
  DuplicateRule: { code: 'CEP2004', text: "rule '{0}' is already defined at {1}" },
  DuplicateSource: { code: 'CEP2005', text: "source '{0}' is already declared at line {1}" },
  PatternClauseInWindowRule: {
    code: 'CEP2006',
    text: "'{0}' is not allowed in a window rule: it applies to pattern rules",
  },
  WindowClauseInPatternRule: {
    code: 'CEP2007',
    text: "'{0}' is allowed only in a window rule (a rule with 'window')",
  },
  WindowNeedsAggregate: { code: 'CEP2008', text: "a window rule needs an 'aggregate' clause" },
  TimeoutWithoutWithin: {
    code: 'CEP2009',
    text: "'on timeout emit' needs 'within' or 'within session gap': without them nothing times out",
  },
  // step names and where
  DuplicateStep: {
    code: 'CEP2010',
    text: "step '{0}' appears twice in the pattern; the first is at line {1}, column {2}",
  },
  ReservedStepName: { code: 'CEP2011', text: "'{0}' is a reserved word and cannot name a step" },
  WhereUnknownStep: { code: 'CEP2012', text: "'{0}' in 'where' is not a step of the pattern" },
  DuplicateWhere: {
    code: 'CEP2013',
    text: "step '{0}' has a second 'where' entry; the first is at line {1}",
  },
  SkipUnknownStep: { code: 'CEP2014', text: "'{0}': '{1}' is not a step of the pattern" },
  // negation
  NegatedFirst: { code: 'CEP2020', text: "a pattern may not start with a negated step ('!{0}')" },
  NegatedLastNeedsWithin: {
    code: 'CEP2021',
    text: "the pattern ends with '-> !{0}', which needs 'within' or 'within session gap' (until when should '{0}' be absent?)",
  },
  NegatedQuantifier: { code: 'CEP2022', text: "negated step '!{0}' takes no quantifier ('{1}')" },
  NegatedModifier: { code: 'CEP2023', text: "negated step '!{0}' takes no modifier ('{1}')" },
  NegatedAfterOptional: {
    code: 'CEP2024',
    text: "negated step '!{0}' may not directly follow the optional step {1}",
  },
  AnyNegated: {
    code: 'CEP2025',
    text: "'->> !{0}' does not exist: write '-> !{0}' (no '{0}' in between) or '!{0}' (not the next event)",
  },
  StrictAfterNotFollowed: {
    code: 'CEP2026',
    text: "step '{0}' may not follow '-> !{1}' strictly: write 'a !{1} {0}' or '-> !{1} -> {0}'",
  },
  NegatedGroup: { code: 'CEP2027', text: 'a group may not be negated' },
  NegatedInGroup: { code: 'CEP2028', text: "a group may not contain a negated step ('!{0}')" },
  // quantifiers
  StrayOptional: {
    code: 'CEP2030',
    text: "'{0}?' is not a quantifier: '?' may follow only a counted quantifier ({n}, {n,} or {n,m})",
  },
  ZeroTimes: { code: 'CEP2031', text: "'{0}' is not allowed: {1}" },
  EmptyRange: { code: 'CEP2032', text: "'{0}' is empty: the minimum {1} is greater than the maximum {2}" },
  ZeroMaximum: { code: 'CEP2033', text: "'{0}' is not allowed: the maximum must be at least 1" },
  CountNotInteger: { code: 'CEP2034', text: "'{0}': a repeat count must be a whole number" },
  // modifiers
  ModifierNeedsLoop: {
    code: 'CEP2040',
    text: "'{0}' applies only to a looping step (+ * {n} {n,} {n,m}); {1} does not loop",
  },
  ConsecutiveAndCombinations: {
    code: 'CEP2041',
    text: "a step takes at most one of 'consecutive' and 'combinations'",
  },
  GreedyCombinations: { code: 'CEP2042', text: "'greedy' may not join 'combinations'" },
  GreedyOnGroup: { code: 'CEP2043', text: "'greedy' is not allowed on a group" },
  UntilQuantifier: {
    code: 'CEP2044',
    text: "'until' applies only to '+', '*', '{n,}' and '{n,}?'; {0} has '{1}'",
  },
  UntilOnGroup: { code: 'CEP2045', text: "'until' is not allowed on a group" },
  DuplicateModifier: { code: 'CEP2046', text: "'{0}' is written twice" },
  OptionalAfterGreedy: {
    code: 'CEP2047',
    text: "optional step {0} may not directly follow the greedy step {1}",
  },
  // windows and aggregates
  UnknownAggregate: {
    code: 'CEP2060',
    text: "'{0}' is not an aggregate function; use count, sum, avg, min, max, first, last or distinct_count",
  },
  CountTakesNoArgument: { code: 'CEP2061', text: "'count()' takes no argument" },
  AggregateArgumentCount: {
    code: 'CEP2062',
    text: "'{0}' takes exactly one argument, but {1} given",
  },
  DuplicateAggregate: {
    code: 'CEP2063',
    text: "aggregate '{0}' is defined twice; the first is at line {1}",
  },
  ReservedAggregateName: {
    code: 'CEP2064',
    text: "'{0}' is a reserved word and cannot name an aggregate",
  },
  ZeroDuration: { code: 'CEP2065', text: '{0} must be longer than 0ms' },
  // other clause values
  BadSeverity: {
    code: 'CEP2070',
    text: "unknown severity '{0}'; use low, medium, high or critical",
  },
  BadMaxPartial: {
    code: 'CEP2071',
    text: "'max partial' must be a whole number of at least 1, not {0}",
  },
  DuplicateEmitField: {
    code: 'CEP2072',
    text: "emit field '{0}' is given twice; the first is at line {1}",
  },
  BadFormat: { code: 'CEP2073', text: "unknown format '{0}'; the only format is json" },
  BadIndex: { code: 'CEP2074', text: "'{0}' is not a valid index in a field path: use a whole number" },
} as const satisfies Record<string, MessageDef>;

/** Every code of the catalogue with its template, syntax, checks and expressions together. */
export const CATALOGUE: Readonly<Record<string, string>> = Object.fromEntries(
  [SyntaxMessages, CheckMessages, ExprMessages].flatMap((table) =>
    Object.values(table).map((def: MessageDef) => [def.code, def.text]),
  ),
);

/** Fills `{0}`, `{1}` ... of a template; placeholders such as `{n}` stay as written. */
export function formatMessage(def: MessageDef, args: readonly string[]): string {
  return def.text.replace(/\{(\d+)\}/g, (all, i: string) => args[Number(i)] ?? all);
}

/** Reports an error of the catalogue at `span`. */
export function report(bag: DiagnosticBag, def: MessageDef, span: Span, ...args: string[]): void {
  bag.error(def.code, span, formatMessage(def, args));
}

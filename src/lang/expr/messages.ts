// The expression compiler's section of the diagnostics catalogue (codes CEP2500-CEP2999).
// Each entry is a stable code and a message template; `{0}`, `{1}` ... are filled by `report`.
// src/lang/diagnostics.ts re-exports this table, so codes must never be renumbered.

import type { Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';

export interface MessageDef {
  readonly code: string;
  readonly text: string;
}

export const ExprMessages = {
  // names and functions
  UnknownFunction: { code: 'CEP2500', text: "unknown function '{0}'; the functions are {1}" },
  ArgumentCount: { code: 'CEP2501', text: "'{0}' takes {1}, but {2} given" },
  NotCallable: { code: 'CEP2502', text: 'only a function name can be called here' },
  UnknownName: { code: 'CEP2503', text: "unknown name '{0}': in {1} only {2} can be used" },
  EventNotVisible: { code: 'CEP2504', text: "'event' cannot be used in {0}: there is no event, only {1}" },
  WindowMisuse: { code: 'CEP2505', text: '{0}' },
  // types
  OperandType: { code: 'CEP2510', text: "operator '{0}' expects {1}, but this is {2}" },
  ArgumentType: { code: 'CEP2511', text: "'{0}' expects {1}, but this is {2}" },
  NotBoolean: { code: 'CEP2512', text: '{0} must be a boolean expression, but this is {1}' },
  MixedComparison: { code: 'CEP2513', text: "'{0}' compares {1} with {2}: {3}" },
  NoFields: { code: 'CEP2514', text: "cannot read '{0}' here: this is {1}, which has no fields" },
  // steps
  ForwardReference: {
    code: 'CEP2520',
    text: "forward reference: the condition of step '{0}' cannot refer to the later step '{1}'",
  },
  StepAggregateArg: { code: 'CEP2521', text: "'{0}' {1}" },
  StepAggregateHere: {
    code: 'CEP2522',
    text:
      "'{0}' is a step aggregate, usable only in the conditions and emit of a pattern rule, " +
      'not in {1}',
  },
  StepPathIndex: {
    code: 'CEP2523',
    text: "an index inside '{0}(...)' must be a literal number or string",
  },
  // prior
  PriorNotAllowed: {
    code: 'CEP2530',
    text: "'prior' can be used only in the conditions and emit of a pattern rule, not in {0}",
  },
  PriorMember: {
    code: 'CEP2531',
    text:
      "unknown use of 'prior': expected prior.count(), prior.sum(x), prior.avg(x), prior.min(x), " +
      'prior.max(x) or prior.last',
  },
  // special forms
  ExistsPath: { code: 'CEP2540', text: "'exists' takes a field path such as exists(geo.country)" },
  TimeArgument: {
    code: 'CEP2541',
    text:
      "'time' takes an event: time(event), time(STEP), time(first(STEP)), time(last(STEP)) " +
      'or an event-valued path, but this is {0}',
  },
  InNeedsList: { code: 'CEP2542', text: "'in' expects a list such as [1, 2], but this is {0}" },
  // regular expressions
  RegexNotLiteral: { code: 'CEP2550', text: "'matches' takes a string literal pattern" },
  RegexSyntax: { code: 'CEP2551', text: 'invalid regular expression: {0}' },
  RegexBackreference: {
    code: 'CEP2552',
    text: 'backreferences are not allowed in a pattern (they can backtrack exponentially): {0}',
  },
  RegexLookaround: {
    code: 'CEP2553',
    text: 'lookahead and lookbehind are not allowed in a pattern: {0}',
  },
  RegexNestedQuantifier: {
    code: 'CEP2554',
    text:
      'nested unbounded quantifiers such as (a+)+ are not allowed (they can backtrack ' +
      'exponentially): {0}',
  },
  RegexAmbiguousRepeat: {
    code: 'CEP2555',
    text:
      'the repeated part {0} can match the same text in more than one way, so the pattern could ' +
      'backtrack exponentially; make its alternatives start differently',
  },
  RegexTooComplex: {
    code: 'CEP2556',
    text:
      'the repeated part {0} is too complex to prove that it cannot backtrack exponentially; ' +
      'simplify it',
  },
} as const satisfies Record<string, MessageDef>;

export type ExprMessageId = keyof typeof ExprMessages;

/** Fills `{0}`, `{1}` ... of a template. */
export function formatMessage(def: MessageDef, args: readonly string[]): string {
  return def.text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

/** Reports an error of the catalogue at `span`. */
export function report(bag: DiagnosticBag, def: MessageDef, span: Span, ...args: string[]): void {
  bag.error(def.code, span, formatMessage(def, args));
}

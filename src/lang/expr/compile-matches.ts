// `s matches "regex"`: the pattern is a string literal, compiled once with the `u` flag after
// the safety check of regex/safety.ts; a search (use ^ and $ to match the whole string).

import type { Expr, Span } from '../ast';
import { fail, type Ctx } from './ctx';
import { ExprMessages as M, report } from './messages';
import { operand } from './check';
import { errorNode, pure, type Node } from './node';
import { regexProblem, type RegexProblem } from './regex/safety';
import { BOOL, NULL, STR } from './types';

type Binary = Extract<Expr, { k: 'binary' }>;

export function compileMatches(ctx: Ctx, e: Binary): Node {
  const l = ctx.compile(e.left);
  const okL = operand(ctx, 'matches', e.left, l, STR, 'a string');
  const pattern = e.right;
  if (pattern.k !== 'lit' || typeof pattern.value !== 'string') {
    return fail(ctx, M.RegexNotLiteral, pattern.span);
  }
  const re = safeRegex(ctx, pattern.value, pattern.span);
  if (re === null || !okL) return errorNode();
  const le = l.ev;
  return pure((s) => {
    const v = le(s);
    return typeof v === 'string' ? re.test(v) : null;
  }, BOOL | NULL, [l]);
}

/** The compiled pattern, or null after reporting why it is invalid or unsafe. */
function safeRegex(ctx: Ctx, pattern: string, span: Span): RegExp | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch (err) {
    report(ctx.bag, M.RegexSyntax, span, syntaxDetail(err));
    return null;
  }
  const problem = regexProblem(pattern);
  if (problem === null) return re;
  reportProblem(ctx, problem, span);
  return null;
}

/** V8's message without its `Invalid regular expression: /.../u: ` prefix. */
function syntaxDetail(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.message.replace(/^Invalid regular expression: \/.*\/u?: /s, '');
}

const PROBLEM_MESSAGES = {
  backreference: M.RegexBackreference,
  lookaround: M.RegexLookaround,
  nested: M.RegexNestedQuantifier,
  ambiguous: M.RegexAmbiguousRepeat,
  tooComplex: M.RegexTooComplex,
} as const;

function reportProblem(ctx: Ctx, p: RegexProblem, span: Span): void {
  report(ctx.bag, PROBLEM_MESSAGES[p.kind], span, p.text);
}

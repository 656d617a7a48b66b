// AST builders for expressions (LANGUAGE.md section 6). The shape is generic (ident, member,
// call, ...): the expression compiler resolves what a name means.
import type { BinaryOp, Expr } from '../src/lang/ast';
import { decodeString, durationMs } from './lexer';
import { joinSpans, spanOf, tokSpan, type Tok } from './span';

/** A literal, value word or name token as an expression. */
export function primary(t: Tok): Expr {
  const span = tokSpan(t);
  switch (t.type) {
    case 'number':
      return { k: 'lit', value: Number(t.text), span };
    case 'string':
      return { k: 'lit', value: decodeString(t.text), span };
    case 'duration':
      return { k: 'dur', ms: durationMs(t.text), text: t.text, span };
    case 'ident':
      return { k: 'ident', name: t.text, span };
    default:
      return valueWord(t);
  }
}

/** The reserved words usable as values. */
function valueWord(t: Tok): Expr {
  const span = tokSpan(t);
  switch (t.text) {
    case 'true':
      return { k: 'lit', value: true, span };
    case 'false':
      return { k: 'lit', value: false, span };
    case 'null':
      return { k: 'lit', value: null, span };
    case 'event':
    case 'key':
    case 'prior':
    case 'window':
      return { k: t.text, span };
    default:
      throw new Error(`not a value word: ${t.text}`);
  }
}

/** `left OP right`, for every binary level of the grammar. */
export function binary(data: any[]): Expr {
  const d = data as [Expr, Tok, Expr];
  const [left, op, right] = d;
  return { k: 'binary', op: op.text as BinaryOp, left, right, span: joinSpans(left, right) };
}

/** `- x` and `not x`. */
export function unary(data: any[]): Expr {
  const d = data as [Tok, Expr];
  const [op, arg] = d;
  return { k: 'unary', op: op.text as '-' | 'not', arg, span: joinSpans(op, arg) };
}

/** `obj.prop`; the property may be any word, reserved ones included (`event.key`). */
export function member(data: any[]): Expr {
  const d = data as [Expr, Tok, Tok];
  const [obj, , prop] = d;
  return { k: 'member', obj, prop: prop.text, propSpan: tokSpan(prop), span: joinSpans(obj, prop) };
}

/** `obj[index]`. */
export function index(data: any[]): Expr {
  const d = data as [Expr, Tok, Expr, Tok];
  const [obj, , idx, close] = d;
  return { k: 'index', obj, index: idx, span: joinSpans(obj, close) };
}

/** `callee(args)`. */
export function call(data: any[]): Expr {
  const d = data as [Expr, Tok, Expr[], Tok];
  const [callee, , args, close] = d;
  return { k: 'call', callee, args, span: joinSpans(callee, close) };
}

/** `max(args)`: `max` is a clause word (`max partial`) that is also a function. */
export function maxCall(data: any[]): Expr {
  const d = data as [Tok, Tok, Expr[], Tok];
  const [name, open, args, close] = d;
  return call([{ k: 'ident', name: name.text, span: spanOf(name) }, open, args, close]);
}

/** `[a, b]`. */
export function array(data: any[]): Expr {
  const d = data as [Tok, Expr[], Tok];
  const [open, items, close] = d;
  return { k: 'array', items, span: joinSpans(open, close) };
}

/** A comma-separated list, possibly empty: `null | Expr ("," Expr):*`. */
export function list(data: any[]): Expr[] {
  const d = data as [Expr, [Tok, Expr][]] | [];
  if (d.length === 0) return [];
  return [d[0], ...d[1].map((pair) => pair[1])];
}

/** `( expr )`: the parentheses only group. */
export function paren(data: any[]): Expr {
  const d = data as [Tok, Expr, Tok];
  return d[1];
}

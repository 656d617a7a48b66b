// Source positions for the AST builders: tokens come from moo, nodes carry a `span`.
import type { Span } from '../src/lang/ast';

/** The part of a moo token the builders read. */
export interface Tok {
  type?: string;
  value: string;
  text: string;
  offset: number;
  line: number;
  col: number;
}

/** A token or a node with a span. */
export type Located = Tok | { span: Span };

function isToken(x: Located): x is Tok {
  return (x as Tok).text !== undefined && (x as Tok).line !== undefined;
}

/** Tokens reaching the grammar never span lines (strings may not hold a raw newline). */
export function tokSpan(t: Tok): Span {
  return { line: t.line, col: t.col, endLine: t.line, endCol: t.col + t.text.length };
}

export function spanOf(x: Located): Span {
  return isToken(x) ? tokSpan(x) : x.span;
}

/** From the start of `first` to the end of `last`. */
export function joinSpans(first: Located, last: Located): Span {
  const a = spanOf(first);
  const b = spanOf(last);
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

/** The last non-null item of a nearley data array (optional parts give null). */
export function lastLocated(items: readonly unknown[]): Located {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (Array.isArray(item)) {
      if (item.length > 0) return lastLocated(item);
    } else if (item !== null && item !== undefined) {
      return item as Located;
    }
  }
  throw new Error('lastLocated: no located item');
}

// Tokenizing a rule file: the moo lexer over the whole text, with the lexical errors reported
// once here (each with its own code) so the parser can go on past them where it makes sense.
import {
  badEscapes,
  ERROR_TOKEN_TYPES,
  lexer,
  TRIVIA_TOKEN_TYPES,
} from '../../../grammar/lexer';
import type { Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { report, SyntaxMessages } from '../diagnostics';

/** A moo token. */
export interface Token {
  type: string;
  value: string;
  text: string;
  offset: number;
  line: number;
  col: number;
  lineBreaks: number;
}

/** Every token of `text`, whitespace and comments included; the lexer never fails. */
export function scan(text: string): Token[] {
  lexer.reset(text);
  const out: Token[] = [];
  for (const t of lexer) out.push(t as Token);
  return out;
}

export function tokenSpan(t: Token): Span {
  if (t.lineBreaks === 0) {
    return { line: t.line, col: t.col, endLine: t.line, endCol: t.col + t.text.length };
  }
  const lastLine = t.text.slice(t.text.lastIndexOf('\n') + 1);
  return { line: t.line, col: t.col, endLine: t.line + t.lineBreaks, endCol: lastLine.length + 1 };
}

/**
 * Reports the lexical errors and returns the tokens the grammar sees: no trivia, and an
 * unterminated string read as a string so that the rest of its clause still parses.
 */
export function significantTokens(all: Token[], bag: DiagnosticBag): Token[] {
  const out: Token[] = [];
  for (const t of all) {
    if (TRIVIA_TOKEN_TYPES.has(t.type)) continue;
    reportLexical(t, bag);
    if (t.type === 'badComment') continue; // a comment all the same, to the end of the file
    out.push(t.type === 'badString' ? { ...t, type: 'string' } : t);
  }
  return out;
}

/** True for a token whose error was reported by `significantTokens`. */
export function isErrorToken(t: Token): boolean {
  return ERROR_TOKEN_TYPES.has(t.type) && t.type !== 'badString';
}

function reportLexical(t: Token, bag: DiagnosticBag): void {
  const span = tokenSpan(t);
  switch (t.type) {
    case 'string':
      return reportBadEscapes(t, bag);
    case 'badString':
      report(bag, SyntaxMessages.UnterminatedString, span);
      return reportBadEscapes(t, bag);
    case 'badComment':
      return report(bag, SyntaxMessages.UnterminatedComment, { ...span, endLine: t.line, endCol: t.col + 2 });
    case 'badNumber':
      return report(bag, SyntaxMessages.BadNumber, span, t.text);
    case 'badOperator':
      return report(bag, SyntaxMessages.BadOperator, span, t.text, betterOperator(t.text));
    case 'invalid':
      return report(bag, SyntaxMessages.InvalidCharacter, span, printable(t.text));
  }
}

function reportBadEscapes(t: Token, bag: DiagnosticBag): void {
  for (const bad of badEscapes(t.text)) {
    const col = t.col + bad.offset;
    const span = { line: t.line, col, endLine: t.line, endCol: col + bad.text.length };
    report(bag, SyntaxMessages.BadEscape, span, bad.text);
  }
}

const BETTER_OPERATORS: Readonly<Record<string, string>> = {
  '&&': 'and',
  '||': 'or',
  '===': '==',
  '!==': '!=',
};

function betterOperator(op: string): string {
  return BETTER_OPERATORS[op] ?? op;
}

/** A character as it can be shown in a message (control characters by code). */
function printable(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\u${code.toString(16).padStart(4, '0')}`;
  return ch;
}

// Tokens of LANGUAGE.md section 2: comments, strings and their escapes, unsigned numbers,
// durations as one token, operators, reserved words.
import { badEscapes, decodeString, durationMs, isReserved } from '../../../grammar/lexer';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { scan, significantTokens } from '../../../src/lang/syntax/tokens';

function lex(text: string): { tokens: string[]; codes: string[] } {
  const bag = new DiagnosticBag('t.cep');
  const tokens = significantTokens(scan(text), bag).map((t) => `${t.type}:${t.text}`);
  return { tokens, codes: bag.items.map((d) => d.code) };
}

describe('lexer', () => {
  test('comments and whitespace are not tokens', () => {
    expect(lex('a // b\n/* c\n d */ e').tokens).toEqual(['ident:a', 'ident:e']);
  });

  test('block comments do not nest', () => {
    expect(lex('/* a /* b */ c */').tokens).toEqual(['ident:c', 'op:*', 'op:/']);
  });

  test('reserved words are keywords, other words identifiers', () => {
    expect(lex('where key prior window topic time max').tokens).toEqual([
      'kw:where', 'kw:key', 'kw:prior', 'kw:window', 'ident:topic', 'ident:time', 'kw:max',
    ]);
    expect(isReserved('consecutive')).toBe(true);
    expect(isReserved('count')).toBe(false);
  });

  test('numbers are unsigned; minus is an operator', () => {
    expect(lex('12 0.5 1e6 1E-3 -4').tokens).toEqual([
      'number:12', 'number:0.5', 'number:1e6', 'number:1E-3', 'op:-', 'number:4',
    ]);
  });

  test('durations are one token, integer and unit without a space', () => {
    expect(lex('500ms 10s 5m 1h 7d').tokens).toEqual([
      'duration:500ms', 'duration:10s', 'duration:5m', 'duration:1h', 'duration:7d',
    ]);
    expect(lex('10 s').tokens).toEqual(['number:10', 'ident:s']);
    expect([durationMs('500ms'), durationMs('10s'), durationMs('5m'), durationMs('1h'), durationMs('7d')])
      .toEqual([500, 10_000, 300_000, 3_600_000, 604_800_000]);
  });

  test('a number glued to letters is one bad token (CEP1007)', () => {
    expect(lex('10sec').codes).toEqual(['CEP1007']);
    expect(lex('0.5ms').codes).toEqual(['CEP1007']);
    expect(lex('12abc').codes).toEqual(['CEP1007']);
  });

  test('operators, longest first', () => {
    expect(lex('->> -> <= >= == != ! < > = ? ( ) { } [ ] , : . + - * / %').tokens.map((t) => t.slice(3)))
      .toEqual(['->>', '->', '<=', '>=', '==', '!=', '!', '<', '>', '=', '?', '(', ')', '{', '}', '[',
        ']', ',', ':', '.', '+', '-', '*', '/', '%']);
    expect(lex('a->>b').tokens).toEqual(['ident:a', 'op:->>', 'ident:b']);
  });

  test('strings with both quotes and every allowed escape', () => {
    expect(decodeString(String.raw`"a\\b\"c\'d\ne\tf\u00e9"`)).toBe('a\\b"c\'d\ne\tf\u00e9');
    expect(decodeString(String.raw`'it\'s "x"'`)).toBe('it\'s "x"');
    expect(lex(String.raw`"a\\b\"c\'d\ne\tf\u00e9" 'x'`).codes).toEqual([]);
  });

  test('any other escape is an error (CEP1004), once per escape', () => {
    expect(badEscapes(String.raw`"a\qb\u12x\r"`).map((b) => b.text)).toEqual(['\\q', '\\u', '\\r']);
    expect(lex(String.raw`"\q" "\x41"`).codes).toEqual(['CEP1004', 'CEP1004']);
  });

  test('a raw newline in a string is an error (CEP1003) and the string ends at the line', () => {
    const r = lex('"abc\ndef"');
    expect(r.codes).toContain('CEP1003');
    expect(r.tokens[0]).toBe('string:"abc');
  });

  test('an escaped quote does not close a string', () => {
    expect(lex('"a\\"b"').tokens).toEqual(['string:"a\\"b"']);
  });

  test('unterminated block comment (CEP1005), unknown characters (CEP1006), && || (CEP1008)', () => {
    expect(lex('a /* b').codes).toEqual(['CEP1005']);
    expect(lex('a $ b # c').codes).toEqual(['CEP1006', 'CEP1006']);
    expect(lex('a && b || c').codes).toEqual(['CEP1008', 'CEP1008']);
  });

  test('positions are 1-based lines and columns', () => {
    const bag = new DiagnosticBag('t.cep');
    const [a, b] = significantTokens(scan('  a\n\tb'), bag);
    expect([a.line, a.col, b.line, b.col]).toEqual([1, 3, 2, 2]);
  });
});

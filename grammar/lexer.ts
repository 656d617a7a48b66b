// The rule language's tokens (LANGUAGE.md section 2), as a moo lexer.
//
// The lexer never fails: text it cannot take becomes an error token (`badString`, `badNumber`,
// `badComment`, `badOperator`, `invalid`) that the parser front end reports with a code, so one
// stray character does not hide the other errors of the file. Whitespace and comments are tokens
// too; the front end drops them before the grammar sees the stream.
import moo from 'moo';

/** Reserved words: never step names, aggregate names or bare field names (LANGUAGE.md 2). */
export const RESERVED_WORDS: readonly string[] = [
  // clause words
  'source', 'rule', 'description', 'tags', 'severity', 'enabled', 'from', 'key', 'filter',
  'pattern', 'where', 'within', 'skip', 'no', 'emit', 'on', 'suppress', 'max', 'window',
  'aggregate', 'having',
  // pattern words
  'consecutive', 'combinations', 'greedy', 'until',
  // operator words
  'and', 'or', 'not', 'in', 'contains', 'startswith', 'endswith', 'matches',
  // literals and values
  'true', 'false', 'null', 'event', 'prior',
];

const RESERVED = new Set(RESERVED_WORDS);

export function isReserved(word: string): boolean {
  return RESERVED.has(word);
}

/** Milliseconds per duration unit. */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

// An identifier character (or a dot) must not follow a number or a duration: `10sec` and
// `0.5ms` are one bad token, not a number followed by a name.
const NOT_WORD = '(?![A-Za-z0-9_.])';

const PUNCTUATION = [
  '->>', '->', '<=', '>=', '==', '!=', '!', '(', ')', '{', '}', '[', ']', ',', ':', '.',
  '+', '-', '*', '/', '%', '<', '>', '?', '=',
];

export const lexer = moo.compile({
  ws: { match: /[ \t\r\n\f\v]+/, lineBreaks: true },
  comment: /\/\/[^\n]*/,
  blockComment: { match: /\/\*[^]*?\*\//, lineBreaks: true },
  badComment: { match: /\/\*[^]*/, lineBreaks: true },
  duration: new RegExp(`[0-9]+(?:ms|s|m|h|d)${NOT_WORD}`),
  number: new RegExp(`[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?${NOT_WORD}`),
  badNumber: /[0-9][0-9.]*[A-Za-z0-9_]*/,
  string: [/"(?:[^"\\\n]|\\[^\n])*"/, /'(?:[^'\\\n]|\\[^\n])*'/],
  // a quote that does not close on its line
  badString: [/"(?:[^"\\\n]|\\[^\n])*\\?/, /'(?:[^'\\\n]|\\[^\n])*\\?/],
  ident: {
    match: /[A-Za-z_][A-Za-z0-9_]*/,
    type: moo.keywords({ kw: RESERVED_WORDS as string[] }),
  },
  badOperator: ['&&', '||', '===', '!=='],
  op: PUNCTUATION,
  invalid: { match: /[^]/, lineBreaks: true },
});

/** Token types that carry a lexical error; the front end reports each one. */
export const ERROR_TOKEN_TYPES: ReadonlySet<string> = new Set([
  'badComment', 'badNumber', 'badString', 'badOperator', 'invalid',
]);

/** Token types the grammar never sees. */
export const TRIVIA_TOKEN_TYPES: ReadonlySet<string> = new Set(['ws', 'comment', 'blockComment']);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  t: '\t',
};

/** One escape that LANGUAGE.md does not allow, by its offset in the token text. */
export interface BadEscape {
  offset: number;
  text: string;
}

/** The escapes of a quoted string token that are not allowed. */
export function badEscapes(quoted: string): BadEscape[] {
  const out: BadEscape[] = [];
  for (let i = 1; i < quoted.length - 1; i++) {
    if (quoted[i] !== '\\') continue;
    const len = escapeLength(quoted, i);
    if (len === 0) out.push({ offset: i, text: quoted.slice(i, i + 2) });
    i += Math.max(len, 2) - 1;
  }
  return out;
}

/** Length of a valid escape starting at `at` (the backslash), or 0. */
function escapeLength(quoted: string, at: number): number {
  const c = quoted[at + 1];
  if (c !== undefined && c in SIMPLE_ESCAPES) return 2;
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(quoted.slice(at + 2, at + 6))) return 6;
  return 0;
}

/**
 * The value of a string token (quotes included in `quoted`, closing quote optional). A bad escape
 * is kept as written: it has already been reported, and keeping it lets parsing go on.
 */
export function decodeString(quoted: string): string {
  const closed = quoted.length >= 2 && quoted.endsWith(quoted[0]) && !endsWithEscape(quoted);
  const body = quoted.slice(1, closed ? -1 : undefined);
  return body.replace(/\\(u[0-9a-fA-F]{4}|[^])?/g, (all, esc: string | undefined) => {
    if (esc === undefined) return all;
    if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return SIMPLE_ESCAPES[esc] ?? all;
  });
}

/** True when the last character is escaped (`"abc\"` is not closed). */
function endsWithEscape(quoted: string): boolean {
  let n = 0;
  for (let i = quoted.length - 2; i >= 0 && quoted[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** The length in ms of a valid duration token's text (`10s` → 10000). */
export function durationMs(text: string): number {
  const m = /^([0-9]+)([a-z]+)$/.exec(text);
  if (m === null) return NaN;
  return Number(m[1]) * (DURATION_UNITS[m[2]] ?? NaN);
}

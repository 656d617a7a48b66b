// Parses one top-level block. After a syntax error it resumes at the next clause word of the
// block (re-parsing `rule NAME {` + the rest), so every broken clause of a rule is reported;
// a block with an error yields no declaration.
import type { RuleDecl, SourceDecl, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { report, SyntaxMessages } from '../diagnostics';
import { alternatives, describeToken, expectedAt, isChainedComparison } from './expected';
import { runParser, type ChartColumn } from './run-parser';
import { isErrorToken, tokenSpan, type Token } from './tokens';

export type Decl = RuleDecl | SourceDecl;

/** Words that start a clause and nothing else (`key`, `max`, `window` are also values). */
const RESUME_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  rule: new Set([
    'description', 'tags', 'severity', 'enabled', 'from', 'filter', 'pattern', 'where', 'within',
    'skip', 'no', 'emit', 'on', 'suppress', 'aggregate', 'having',
  ]),
  source: new Set(['topic', 'time', 'watermark', 'idle', 'lateness', 'format']),
};

const HEADER_LENGTH = 3;

/** Where the parse of a block stopped: a token of the block, or the one after it. */
interface Failure {
  /** index in the block's tokens; block.length when the block ended too early */
  at: number;
  column: ChartColumn;
}

/**
 * @param block the block's tokens, from `rule`/`source` to its closing brace
 * @param next the first token after the block, if any (named in "found ...")
 */
export function parseBlock(block: Token[], next: Token | undefined, bag: DiagnosticBag): Decl | null {
  const outcome = runParser(block);
  if (outcome.ok) return (outcome.results[0] as Decl[])[0] ?? null;
  reportFailure(block, outcome, next, bag);
  resume(block, outcome.at, next, bag);
  return null;
}

/**
 * Re-parses from each clause word after a failure, reporting the further errors. A failing token
 * that begins its line may itself start the next clause (`pattern a ->` then `where` below), so
 * the search includes it; one in mid-line is more likely a misused word (`enabled no`).
 */
function resume(block: Token[], failedAt: number, next: Token | undefined, bag: DiagnosticBag): void {
  if (!hasHeader(block)) return;
  let from = startsLine(block, failedAt) ? failedAt : failedAt + 1;
  for (;;) {
    const k = nextClauseWord(block, from);
    if (k < 0) return;
    const retry = [...block.slice(0, HEADER_LENGTH), ...block.slice(k)];
    const outcome = runParser(retry);
    if (outcome.ok) return;
    const at = k + outcome.at - HEADER_LENGTH;
    if (at > k) reportFailure(block, { at, column: outcome.column }, next, bag);
    if (at >= block.length) return;
    from = at > k && startsLine(block, at) ? at : Math.max(at, k) + 1;
  }
}

function startsLine(block: Token[], i: number): boolean {
  return i > 0 && i < block.length && block[i].line > block[i - 1].line;
}

function hasHeader(block: Token[]): boolean {
  return block[1]?.type === 'ident' && block[2]?.text === '{';
}

/** The next token at the block's own brace depth that can only start a clause. */
function nextClauseWord(block: Token[], from: number): number {
  let depth = 0;
  for (let i = 0; i < block.length; i++) {
    const t = block[i];
    if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
    if (t.text === '}' || t.text === ')' || t.text === ']') depth--;
    if (i >= from && depth === 1 && isClauseWord(block, i)) return i;
  }
  return -1;
}

function isClauseWord(block: Token[], i: number): boolean {
  const t = block[i];
  if (t.type !== 'kw' && t.type !== 'ident') return false;
  const words = RESUME_WORDS[block[0].text];
  return words.has(t.text) && block[i - 1]?.text !== '.' && block[i + 1]?.text !== ':';
}

function reportFailure(block: Token[], f: Failure, next: Token | undefined, bag: DiagnosticBag): void {
  const expected = alternatives(expectedAt(f.column));
  const token = block[f.at] ?? next;
  if (token === undefined) {
    report(bag, SyntaxMessages.UnexpectedEnd, endOf(block[block.length - 1]), expected);
    return;
  }
  if (isErrorToken(token)) return;
  const span = tokenSpan(token);
  if (isChainedComparison(f.column, token)) {
    report(bag, SyntaxMessages.ChainedComparison, span, token.text);
  } else {
    report(bag, SyntaxMessages.UnexpectedToken, span, expected, describeToken(token));
  }
}

/** A zero-width span just after a token: where the missing text should have been. */
function endOf(t: Token): Span {
  const s = tokenSpan(t);
  return { line: s.endLine, col: s.endCol, endLine: s.endLine, endCol: s.endCol };
}

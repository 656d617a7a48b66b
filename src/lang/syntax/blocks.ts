// Splits a file's tokens into top-level blocks, so that each `source` / `rule` block is parsed on
// its own and an error in one does not hide the errors of the others.
import type { Token } from './tokens';

export interface Segment {
  kind: 'block' | 'stray';
  /** token index range [start, end) */
  start: number;
  end: number;
}

const BLOCK_WORDS = new Set(['rule', 'source']);

function isBlockWord(t: Token | undefined): boolean {
  return t !== undefined && t.type === 'kw' && BLOCK_WORDS.has(t.text);
}

/**
 * Inside a block, `rule x {` can only be the start of the next block whose predecessor lacks its
 * closing brace: `rule` is reserved, and as a field (`event.rule`, `emit { rule: 1 }`) it is
 * never followed by a name and a brace.
 */
function startsBlockEarly(tokens: readonly Token[], i: number): boolean {
  return (
    isBlockWord(tokens[i]) &&
    tokens[i - 1]?.text !== '.' &&
    tokens[i + 1]?.type === 'ident' &&
    tokens[i + 2]?.text === '{'
  );
}

/** A block runs from its word to the brace that closes its body. */
function blockEnd(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start + 1; i < tokens.length; i++) {
    if (startsBlockEarly(tokens, i)) return i;
    if (tokens[i].text === '{') depth++;
    if (tokens[i].text === '}' && --depth <= 0) return i + 1;
  }
  return tokens.length;
}

/** Tokens outside any block run up to the next block word. */
function strayEnd(tokens: readonly Token[], start: number): number {
  let i = start + 1;
  while (i < tokens.length && !isBlockWord(tokens[i])) i++;
  return i;
}

export function splitBlocks(tokens: readonly Token[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < tokens.length) {
    const kind = isBlockWord(tokens[i]) ? 'block' : 'stray';
    const end = kind === 'block' ? blockEnd(tokens, i) : strayEnd(tokens, i);
    out.push({ kind, start: i, end });
    i = end;
  }
  return out;
}

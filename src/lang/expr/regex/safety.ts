// Proves that a pattern cannot backtrack exponentially, or says why not. A backtracking matcher
// blows up only when some repeated part can match the same text in more than one way, so:
// - backreferences and lookaround are refused outright (they escape this analysis);
// - an unbounded repeat inside an unbounded repeat (`(a+)+`, `(a*b)*`) is refused;
// - every other repeat that may run more than once must have an unambiguous body: the strings
//   its body can match must form a uniquely decodable code (`(ab|cd)*` passes, `(a|ab|b)*`
//   does not, `(a|a)*` does not). Such a body matches a finite set of strings (an unbounded
//   part inside a bounded repeat is truncated), which we expand into sequences of character
//   sets and test with the Sardinas-Patterson algorithm. Sets that merely share a character
//   count as equal, which can only refuse more, never accept a dangerous pattern.

import { intersects, type CharSet } from './charset';
import { parseRegex, type RNode } from './parse';

export type RegexProblem =
  | { kind: 'backreference'; text: string }
  | { kind: 'lookaround'; text: string }
  | { kind: 'nested'; text: string }
  | { kind: 'ambiguous'; text: string }
  | { kind: 'tooComplex'; text: string };

/** The first reason the (syntactically valid, `u`-mode) pattern is unsafe, or null. */
export function regexProblem(pattern: string): RegexProblem | null {
  return check(parseRegex(pattern));
}

function check(n: RNode): RegexProblem | null {
  switch (n.k) {
    case 'backref':
      return { kind: 'backreference', text: n.text };
    case 'look':
      return { kind: 'lookaround', text: n.text };
    case 'seq':
    case 'alt':
      return firstProblem(n.items);
    case 'repeat':
      return check(n.body) ?? checkRepeat(n);
    default:
      return null;
  }
}

function firstProblem(items: readonly RNode[]): RegexProblem | null {
  for (const item of items) {
    const p = check(item);
    if (p !== null) return p;
  }
  return null;
}

function checkRepeat(n: Extract<RNode, { k: 'repeat' }>): RegexProblem | null {
  if (n.max <= 1) return null;
  if (n.max === Infinity && hasUnbounded(n.body)) return { kind: 'nested', text: n.text };
  // a bounded repeat of an unbounded part, as in (\d+\.){3}, is checked on a truncation of
  // that part (x+ read as x{1,3}): (a+){1,30} is then refused, (\d+\.){3} passes
  const words = expand(n.body);
  if (words === null) return { kind: 'tooComplex', text: n.text };
  return uniquelyDecodable(words) ? null : { kind: 'ambiguous', text: n.text };
}

function hasUnbounded(n: RNode): boolean {
  switch (n.k) {
    case 'repeat':
      return n.max === Infinity || hasUnbounded(n.body);
    case 'seq':
    case 'alt':
      return n.items.some(hasUnbounded);
    default:
      return false;
  }
}

// ---- expansion of a finite body into words (sequences of character sets) -------------------

type Word = readonly CharSet[];

const MAX_WORDS = 500;
const MAX_CHARS = 5000;

/** Every way through `n`, one word per path (duplicates kept: they are distinct paths). */
function expand(n: RNode): Word[] | null {
  const words = paths(n);
  if (words === null) return null;
  const size = words.reduce((sum, w) => sum + w.length, 0);
  return size > MAX_CHARS ? null : words;
}

function paths(n: RNode): Word[] | null {
  switch (n.k) {
    case 'chars':
      return [[n.set]];
    case 'seq':
      return n.items.reduce<Word[] | null>((acc, item) => concat(acc, paths(item)), [[]]);
    case 'alt':
      return alternatives(n.items);
    case 'repeat':
      return repeatPaths(n);
    default:
      return [[]];
  }
}

function alternatives(items: readonly RNode[]): Word[] | null {
  const out: Word[] = [];
  for (const item of items) {
    const p = paths(item);
    if (p === null || out.length + p.length > MAX_WORDS) return null;
    out.push(...p);
  }
  return out;
}

function concat(a: Word[] | null, b: Word[] | null): Word[] | null {
  if (a === null || b === null || a.length * b.length > MAX_WORDS) return null;
  return a.flatMap((x) => b.map((y) => [...x, ...y]));
}

/** `body{min,max}` as the alternatives body^min ... body^max (an unbounded max truncated). */
function repeatPaths(n: Extract<RNode, { k: 'repeat' }>): Word[] | null {
  const body = paths(n.body);
  const max = n.max === Infinity ? Math.max(n.min, 1) + TRUNCATE_EXTRA : n.max;
  if (body === null || max > MAX_CHARS) return null;
  const out: Word[] = [];
  let run: Word[] | null = [[]];
  for (let count = 0; count <= max; count++) {
    if (run === null) return null;
    if (count >= n.min) out.push(...run);
    if (out.length > MAX_WORDS) return null;
    if (count < max) run = concat(run, body);
  }
  return out;
}

/** How many repetitions beyond its minimum an inner unbounded repeat is expanded to. */
const TRUNCATE_EXTRA = 2;

// ---- Sardinas-Patterson over words of character sets ------------------------------------------

/** A dangling suffix: word `w` from position `at` on. */
type Suffix = { w: number; at: number };

/**
 * True when no string has two factorisations into the words (treating overlapping sets as
 * equal). Two different words that can be equal make it false at once.
 */
function uniquelyDecodable(words: readonly Word[]): boolean {
  const seen = new Set<string>();
  let frontier: Suffix[] = [];
  const add = (s: Suffix): boolean => {
    if (s.at === words[s.w].length) return false; // empty dangling suffix: ambiguity
    const id = `${s.w}:${s.at}`;
    if (!seen.has(id)) {
      seen.add(id);
      frontier.push(s);
    }
    return true;
  };
  for (let i = 0; i < words.length; i++) {
    for (let j = 0; j < words.length; j++) {
      if (i !== j && prefixOf(words[i], 0, words[j], 0) && !add({ w: j, at: words[i].length })) {
        return false;
      }
    }
  }
  while (frontier.length > 0) {
    const current = frontier;
    frontier = [];
    for (const d of current) if (!stepSuffix(words, d, add)) return false;
  }
  return true;
}

/** Extends one dangling suffix by every word, both ways round. */
function stepSuffix(words: readonly Word[], d: Suffix, add: (s: Suffix) => boolean): boolean {
  const dLen = words[d.w].length - d.at;
  for (let c = 0; c < words.length; c++) {
    const cLen = words[c].length;
    // a word inside the suffix: what is left of the suffix dangles
    if (cLen <= dLen && prefixOf(words[c], 0, words[d.w], d.at)) {
      if (!add({ w: d.w, at: d.at + cLen })) return false;
    }
    // the suffix inside a word: the rest of the word dangles
    if (dLen < cLen && prefixOf(words[d.w], d.at, words[c], 0) && !add({ w: c, at: dLen })) {
      return false;
    }
  }
  return true;
}

/** True when a[aFrom..] can be a prefix of b[bFrom..] (position by position, sets overlap). */
function prefixOf(a: Word, aFrom: number, b: Word, bFrom: number): boolean {
  const n = a.length - aFrom;
  if (n > b.length - bFrom) return false;
  for (let k = 0; k < n; k++) if (!intersects(a[aFrom + k], b[bFrom + k])) return false;
  return true;
}

// A parser for ECMAScript patterns in unicode (`u`) mode, just deep enough for the safety check:
// characters become sets, assertions become empty, groups become their bodies, and the things
// the check forbids (backreferences, lookaround) are kept as marked nodes. The pattern has
// already been accepted by `new RegExp(p, 'u')`, so the parser may assume valid syntax.

import {
  ANY_CHAR,
  charSet,
  complement,
  DIGIT,
  DOT,
  single,
  SPACE,
  union,
  WORD,
  type CharSet,
} from './charset';

export type RNode =
  | { k: 'chars'; set: CharSet }
  | { k: 'empty' }
  | { k: 'seq'; items: RNode[] }
  | { k: 'alt'; items: RNode[] }
  | { k: 'repeat'; body: RNode; min: number; max: number; text: string }
  | { k: 'backref'; text: string }
  | { k: 'look'; text: string };

export function parseRegex(pattern: string): RNode {
  return new Parser(pattern).parse();
}

const cp = (ch: string): number => ch.codePointAt(0) ?? 0;

const CONTROL: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };

class Parser {
  private readonly chars: string[];
  private pos = 0;

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  parse(): RNode {
    return this.alternation();
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private next(): string {
    return this.chars[this.pos++] ?? '';
  }

  private text(from: number): string {
    return this.chars.slice(from, this.pos).join('');
  }

  private alternation(): RNode {
    const items = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0] : { k: 'alt', items };
  }

  private sequence(): RNode {
    const items: RNode[] = [];
    while (this.pos < this.chars.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.term());
    }
    return items.length === 1 ? items[0] : { k: 'seq', items };
  }

  private term(): RNode {
    const start = this.pos;
    const atom = this.atom();
    const q = this.quantifier();
    if (q === null) return atom;
    if (this.peek() === '?') this.pos++; // lazy: same paths, other order
    return { k: 'repeat', body: atom, min: q[0], max: q[1], text: this.text(start) };
  }

  private quantifier(): [number, number] | null {
    const ch = this.peek();
    if (ch === '*' || ch === '+' || ch === '?') {
      this.pos++;
      return ch === '*' ? [0, Infinity] : ch === '+' ? [1, Infinity] : [0, 1];
    }
    if (ch !== '{') return null;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.pos, this.pos + 40).join(''));
    if (m === null) return null;
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return [min, max];
  }

  private atom(): RNode {
    const start = this.pos;
    const ch = this.next();
    switch (ch) {
      case '^':
      case '$':
        return { k: 'empty' };
      case '.':
        return { k: 'chars', set: DOT };
      case '[':
        return { k: 'chars', set: this.charClass() };
      case '(':
        return this.group(start);
      case '\\':
        return this.atomEscape(start);
      default:
        return { k: 'chars', set: single(cp(ch)) };
    }
  }

  private group(start: number): RNode {
    let look = false;
    if (this.peek() === '?') {
      const ahead = this.chars.slice(this.pos, this.pos + 3).join('');
      look = /^\?(=|!|<=|<!)/.test(ahead);
      if (this.peek(1) === ':') this.pos += 2;
      else if (!look) this.skipGroupName();
    }
    if (look) this.pos += this.peek(1) === '<' ? 3 : 2;
    const body = this.alternation();
    this.pos++; // ')'
    return look ? { k: 'look', text: this.text(start) } : body;
  }

  /** `?<name>` of a named group. */
  private skipGroupName(): void {
    while (this.pos < this.chars.length && this.next() !== '>') {
      /* skip */
    }
  }

  private atomEscape(start: number): RNode {
    const ch = this.peek() ?? '';
    if (ch === 'b' || ch === 'B') {
      this.pos++;
      return { k: 'empty' };
    }
    if (/[1-9]/.test(ch)) {
      while (/[0-9]/.test(this.peek() ?? '')) this.pos++;
      return { k: 'backref', text: this.text(start) };
    }
    if (ch === 'k') {
      this.pos++;
      this.skipGroupName();
      return { k: 'backref', text: this.text(start) };
    }
    return { k: 'chars', set: this.escapeSet(false) };
  }

  /** After a backslash: a class escape (`\d` ...) or one character. */
  private escapeSet(inClass: boolean): CharSet {
    const ch = this.next();
    switch (ch) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'p':
      case 'P':
        this.skipBraces();
        return ANY_CHAR; // unicode properties: assume any character (only ever more cautious)
      default:
        return single(this.escapedChar(ch, inClass));
    }
  }

  private skipBraces(): void {
    if (this.peek() !== '{') return;
    while (this.pos < this.chars.length && this.next() !== '}') {
      /* skip */
    }
  }

  /** The code point of a character escape whose letter `ch` was just read. */
  private escapedChar(ch: string, inClass: boolean): number {
    if (ch in CONTROL) return CONTROL[ch];
    if (ch === 'b' && inClass) return 8;
    if (ch === '0') return 0;
    if (ch === 'c') return cp(this.next()) % 32;
    if (ch === 'x') return this.hex(2);
    if (ch === 'u') return this.unicodeEscape();
    return cp(ch);
  }

  private hex(n: number): number {
    const digits = this.chars.slice(this.pos, this.pos + n).join('');
    this.pos += n;
    return parseInt(digits, 16);
  }

  /** `\uXXXX`, a surrogate pair `\uD83D\uDE00`, or `\u{...}`. */
  private unicodeEscape(): number {
    if (this.peek() === '{') {
      this.pos++;
      const start = this.pos;
      while (this.pos < this.chars.length && this.peek() !== '}') this.pos++;
      const v = parseInt(this.text(start), 16);
      this.pos++;
      return v;
    }
    const hi = this.hex(4);
    if (hi >= 0xd800 && hi <= 0xdbff && this.peek() === '\\' && this.peek(1) === 'u') {
      const save = this.pos;
      this.pos += 2;
      const digits = this.chars.slice(this.pos, this.pos + 4).join('');
      const lo = /^[0-9a-fA-F]{4}$/.test(digits) ? this.hex(4) : -1;
      if (lo >= 0xdc00 && lo <= 0xdfff) return (hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
      this.pos = save;
    }
    return hi;
  }

  /** A class after its `[`, through its `]`. */
  private charClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const parts: CharSet[] = [];
    while (this.pos < this.chars.length && this.peek() !== ']') {
      const lo = this.classAtom();
      if (this.atRangeDash() && lo.length === 1 && lo[0][0] === lo[0][1]) {
        this.pos++;
        const hi = this.classAtom();
        parts.push(charSet([[lo[0][0], hi[hi.length - 1][1]]]));
      } else parts.push(lo);
    }
    this.pos++; // ']'
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  /** A `-` between two class atoms (not the last character before `]`). */
  private atRangeDash(): boolean {
    return this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined;
  }

  private classAtom(): CharSet {
    const ch = this.next();
    if (ch !== '\\') return single(cp(ch));
    return this.escapeSet(true);
  }
}

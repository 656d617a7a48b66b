// A small expression parser for the expression compiler's tests, independent of the real
// grammar (written concurrently): enough of LANGUAGE.md section 6 to write cases as text.
// Spans are on line 1; endCol is the column just past the last character.

import type { BinaryOp, Expr, Span } from '../../../src/lang/ast';

interface Tok {
  t: 'num' | 'dur' | 'str' | 'id' | 'op' | 'eof';
  v: string;
  n?: number;
  col: number;
  end: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
const OPS = ['<=', '>=', '==', '!=', '(', ')', '[', ']', ',', '.', '+', '-', '*', '/', '%', '<', '>'];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const num = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(ms|s|m|h|d)?(?![A-Za-z0-9_])/.exec(src.slice(i));
    if (num !== null) {
      i += num[0].length;
      const n = Number(num[1]);
      if (num[2] !== undefined) toks.push({ t: 'dur', v: num[0], n: n * UNITS[num[2]], col: start + 1, end: i + 1 });
      else toks.push({ t: 'num', v: num[0], n, col: start + 1, end: i + 1 });
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id !== null) {
      i += id[0].length;
      toks.push({ t: 'id', v: id[0], col: start + 1, end: i + 1 });
      continue;
    }
    if (c === '"' || c === "'") {
      const [text, next] = readString(src, i);
      i = next;
      toks.push({ t: 'str', v: text, col: start + 1, end: i + 1 });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new Error(`bad character ${c} at ${i + 1}`);
    i += op.length;
    toks.push({ t: 'op', v: op, col: start + 1, end: i + 1 });
  }
  toks.push({ t: 'eof', v: '', col: src.length + 1, end: src.length + 1 });
  return toks;
}

function readString(src: string, i: number): [string, number] {
  const q = src[i];
  let out = '';
  let j = i + 1;
  while (src[j] !== q) {
    if (j >= src.length) throw new Error('unterminated string');
    if (src[j] === '\\') {
      const e = src[j + 1];
      if (e === 'u') {
        out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
        j += 6;
        continue;
      }
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      j += 2;
      continue;
    }
    out += src[j++];
  }
  return [out, j + 1];
}

const span = (col: number, end: number): Span => ({ line: 1, col, endLine: 1, endCol: end });
const join = (a: Span, b: Span): Span => span(a.col, b.endCol);

const COMPARE = ['<', '<=', '>', '>=', '==', '!=', 'in', 'contains', 'startswith', 'endswith', 'matches'];
const KEYWORD_VALUES = ['event', 'key', 'prior', 'window'];

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i];
  }
  private next(): Tok {
    return this.toks[this.i++];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return (t.t === 'op' || t.t === 'id') && t.v === v;
  }
  private expect(v: string): Tok {
    if (!this.isOp(v)) throw new Error(`expected ${v} at ${this.peek().col}`);
    return this.next();
  }

  parseAll(): Expr {
    const e = this.or();
    if (this.peek().t !== 'eof') throw new Error(`unexpected ${this.peek().v} at ${this.peek().col}`);
    return e;
  }

  private binaryLevel(ops: string[], sub: () => Expr): Expr {
    let left = sub();
    while (ops.some((o) => this.isOp(o))) {
      const op = this.next().v as BinaryOp;
      const right = sub();
      left = { k: 'binary', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private or(): Expr {
    return this.binaryLevel(['or'], () => this.and());
  }
  private and(): Expr {
    return this.binaryLevel(['and'], () => this.not());
  }
  private not(): Expr {
    if (this.isOp('not')) {
      const t = this.next();
      const arg = this.not();
      return { k: 'unary', op: 'not', arg, span: join(span(t.col, t.end), arg.span) };
    }
    return this.compare();
  }
  private compare(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (!COMPARE.some((o) => this.isOp(o))) return left;
    this.next();
    const right = this.additive();
    const e: Expr = { k: 'binary', op: t.v as BinaryOp, left, right, span: join(left.span, right.span) };
    if (COMPARE.some((o) => this.isOp(o))) throw new Error('comparisons do not chain');
    return e;
  }
  private additive(): Expr {
    return this.binaryLevel(['+', '-'], () => this.multiplicative());
  }
  private multiplicative(): Expr {
    return this.binaryLevel(['*', '/', '%'], () => this.unary());
  }
  private unary(): Expr {
    if (this.isOp('-')) {
      const t = this.next();
      const arg = this.unary();
      return { k: 'unary', op: '-', arg, span: join(span(t.col, t.end), arg.span) };
    }
    return this.postfix();
  }
  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const p = this.next();
        e = { k: 'member', obj: e, prop: p.v, propSpan: span(p.col, p.end), span: span(e.span.col, p.end) };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.or();
        const close = this.expect(']');
        e = { k: 'index', obj: e, index, span: span(e.span.col, close.end) };
      } else if (this.isOp('(')) {
        this.next();
        const args = this.list(')');
        const close = this.expect(')');
        e = { k: 'call', callee: e, args, span: span(e.span.col, close.end) };
      } else return e;
    }
  }
  private list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.isOp(close)) {
      items.push(this.or());
      if (!this.isOp(close)) this.expect(',');
    }
    return items;
  }
  private primary(): Expr {
    const t = this.next();
    const sp = span(t.col, t.end);
    switch (t.t) {
      case 'num':
        return { k: 'lit', value: t.n as number, span: sp };
      case 'dur':
        return { k: 'dur', ms: t.n as number, text: t.v, span: sp };
      case 'str':
        return { k: 'lit', value: t.v, span: sp };
      case 'id':
        return this.word(t, sp);
      default:
        break;
    }
    if (t.v === '(') {
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (t.v === '[') {
      const items = this.list(']');
      const close = this.expect(']');
      return { k: 'array', items, span: span(t.col, close.end) };
    }
    throw new Error(`unexpected ${t.v} at ${t.col}`);
  }
  private word(t: Tok, sp: Span): Expr {
    if (t.v === 'true' || t.v === 'false') return { k: 'lit', value: t.v === 'true', span: sp };
    if (t.v === 'null') return { k: 'lit', value: null, span: sp };
    if (KEYWORD_VALUES.includes(t.v)) return { k: t.v as 'event', span: sp };
    return { k: 'ident', name: t.v, span: sp };
  }
}

/** Parses one expression of the rule language (single line). */
export function parseExpr(src: string): Expr {
  return new Parser(lex(src)).parseAll();
}

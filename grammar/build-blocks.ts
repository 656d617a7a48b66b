// AST builders for `source` and `rule` blocks (LANGUAGE.md sections 3 and 4). Each clause is
// built as a tagged value; the block keeps the first of each and lists every clause written in
// `clauses`, so the checker can report a repeated clause at its second place.
import type {
  AggregateDef,
  ClauseMark,
  DurationLit,
  EmitClause,
  EmitField,
  Expr,
  PathSeg,
  RuleDecl,
  SkipClause,
  SourceDecl,
  Span,
  WhereEntry,
  WindowSpec,
} from '../src/lang/ast';
import { decodeString, durationMs } from './lexer';
import { joinSpans, lastLocated, tokSpan, type Tok } from './span';

/** One clause as parsed: where it goes in the declaration, and its value. */
export interface Clause {
  name: string;
  field: string;
  span: Span;
  value: unknown;
}

/** Builds a clause from its nearley data; `make` receives the span of the whole clause. */
export function clause(name: string, field: string, make: (d: any[], span: Span) => unknown) {
  return (d: any[]): Clause => {
    const span = joinSpans(d[0], lastLocated(d));
    return { name, field, span, value: make(d, span) };
  };
}

export function ruleDecl(data: any[]): RuleDecl {
  const d = data as [Tok, Tok, Tok, Clause[], Tok];
  const [kw, name, , clauses, close] = d;
  const rule: RuleDecl = {
    kind: 'rule',
    name: name.text,
    nameSpan: tokSpan(name),
    span: joinSpans(kw, close),
    sourceText: '',
  };
  return assign(rule, clauses);
}

export function sourceDecl(data: any[]): SourceDecl {
  const d = data as [Tok, Tok, Tok, Clause[], Tok];
  const [kw, name, , clauses, close] = d;
  const source: SourceDecl = {
    kind: 'source',
    name: name.text,
    nameSpan: tokSpan(name),
    span: joinSpans(kw, close),
  };
  return assign(source, clauses);
}

/** The first clause of each kind wins; all are listed in `clauses`. */
function assign<T extends RuleDecl | SourceDecl>(decl: T, clauses: Clause[]): T {
  const slots = decl as unknown as Record<string, unknown>;
  const marks: ClauseMark[] = [];
  for (const c of clauses) {
    marks.push({ name: c.name, span: c.span });
    if (slots[c.field] === undefined) slots[c.field] = c.value;
  }
  decl.clauses = marks;
  return decl;
}

// ---- values shared by several clauses ------------------------------------------------------

export function duration(data: any[]): DurationLit {
  const d = data as [Tok];
  return { ms: durationMs(d[0].text), text: d[0].text, span: tokSpan(d[0]) };
}

export function stringValue(t: Tok): string {
  return decodeString(t.text);
}

/** A field path: `a.b`, `items[0]`, `event["x-y"]`; reserved words allowed (`key key`). */
export interface PathNode {
  path: PathSeg[];
  span: Span;
}

export function path(data: any[]): PathNode {
  const d = data as [Tok, Tok[][]];
  const [head, segs] = d;
  const path: PathSeg[] = [head.text];
  for (const seg of segs) path.push(pathSeg(seg));
  return { path, span: joinSpans(head, lastLocated([head, segs])) };
}

/** `.name`, `[0]` or `["name"]`. */
function pathSeg(seg: Tok[]): PathSeg {
  if (seg[0].text === '.') return seg[1].text;
  const inner = seg[1];
  return inner.type === 'string' ? decodeString(inner.text) : Number(inner.text);
}

/** `X ("," X)*` as a list with the span from the first item to the last. */
export function commaList<T extends { span: Span }>(data: any[]): { items: T[]; span: Span } {
  const d = data as [T, [Tok, T][]];
  const items = [d[0], ...d[1].map((p) => p[1])];
  return { items, span: joinSpans(items[0], items[items.length - 1]) };
}

// ---- rule clause values --------------------------------------------------------------------

/** `tags [ "a", "b" ]`. */
export function stringList(data: any[]): { values: string[]; span: Span } {
  const d = data as [Tok, [Tok, [Tok, Tok][]] | null, Tok];
  const [open, body, close] = d;
  const values = body === null ? [] : [body[0], ...body[1].map((p) => p[1])].map(stringValue);
  return { values, span: joinSpans(open, close) };
}

/** `where` entries, with or without commas between them. */
export function whereEntries(data: any[]): { entries: WhereEntry[]; span: Span } {
  const d = data as [WhereEntry, [Tok | null, WhereEntry][]];
  const entries = [d[0], ...d[1].map((p) => p[1])];
  const last = entries[entries.length - 1];
  return { entries, span: joinSpans({ span: d[0].stepSpan }, last.expr) };
}

export function whereEntry(data: any[]): WhereEntry {
  const d = data as [Tok, Tok, Expr];
  return { step: d[0].text, stepSpan: tokSpan(d[0]), expr: d[2] };
}

/** `{ name: expr, ... }`, trailing comma and `{}` allowed. */
export function emitBody(data: any[]): { fields: EmitField[]; span: Span } {
  const d = data as [Tok, EmitField[], Tok];
  return { fields: d[1], span: joinSpans(d[0], d[2]) };
}

export function emitFields(data: any[]): EmitField[] {
  const d = data as [EmitField, [Tok, EmitField][], Tok | null] | [];
  if (d.length === 0) return [];
  return [d[0], ...d[1].map((p) => p[1])];
}

/** Emit names are words, reserved ones included, or strings. */
export function emitField(data: any[]): EmitField {
  const d = data as [Tok, Tok, Expr];
  const name = d[0].type === 'string' ? decodeString(d[0].text) : d[0].text;
  return { name, nameSpan: tokSpan(d[0]), expr: d[2] };
}

export function emitClause(body: { fields: EmitField[] }, span: Span): EmitClause {
  return { fields: body.fields, span };
}

/** `skip to next`, `skip past last`, `skip to first S`, `skip to last S`, `no skip`. */
export function skipClause(d: Tok[], span: Span): SkipClause {
  const words = d.map((t) => t.text).join(' ');
  if (words === 'no skip') return { kind: 'noSkip', span };
  if (words === 'skip to next') return { kind: 'toNext', span };
  if (words === 'skip past last') return { kind: 'pastLast', span };
  const step = d[3];
  const kind = d[2].text === 'first' ? 'toFirst' : 'toLast';
  return { kind, step: step.text, stepSpan: tokSpan(step), span };
}

/** `window tumbling D`, `window sliding D every D`, `window session gap D`. */
export function windowSpec(d: any[], span: Span): WindowSpec {
  const parts = d[1] as any[];
  const kind = (parts[0] as Tok).text;
  if (kind === 'tumbling') return { kind, size: parts[1], span };
  if (kind === 'sliding') return { kind, size: parts[1], slide: parts[3], span };
  return { kind: 'session', gap: parts[2], span };
}

/** `NAME = FN(args)`; the checker validates the function and its arguments. */
export function aggregateDef(data: any[]): AggregateDef {
  const d = data as [Tok, Tok, Tok, Tok, Expr[], Tok];
  const [name, , fn, , args, close] = d;
  return {
    name: name.text,
    nameSpan: tokSpan(name),
    fn: fn.text,
    fnSpan: tokSpan(fn),
    arg: args[0] ?? null,
    args,
    span: joinSpans(name, close),
  };
}

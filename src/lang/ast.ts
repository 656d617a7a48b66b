// The rule language's syntax tree: plain data, produced by the parser (grammar/), read by the
// checker, the expression compiler and the pattern compiler. Positions are 1-based.

/** `endCol` is the column just past the last character (a one-character token at col 5 ends at 6). */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface Named {
  name: string;
  span: Span;
}

export interface RuleFile {
  file: string;
  /** the whole source text, kept for diagnostics and for GET /rules/:name */
  text: string;
  sources: SourceDecl[];
  rules: RuleDecl[];
  /** true when some blocks had syntax errors and are left out (the diagnostics say which) */
  incomplete?: boolean;
}

/** A clause as written in a block, in source order: its word(s) and the span of the whole clause. */
export interface ClauseMark {
  /** `topic`, `within`, `within session gap`, `on timeout emit`, `skip`, ... */
  name: string;
  span: Span;
}

export interface SourceDecl {
  kind: 'source';
  name: string;
  nameSpan: Span;
  span: Span;
  topic?: { value: string; span: Span };
  /** event-time field path, e.g. ["meta", "ts"] */
  time?: { path: PathSeg[]; span: Span };
  watermark?: DurationLit;
  idle?: DurationLit;
  lateness?: DurationLit;
  format?: { value: string; span: Span };
  /** every clause written, in order (a repeated clause keeps its first value above) */
  clauses?: ClauseMark[];
}

/** One step of a field path: a name (`a.b`) or an index (`items[0]`). */
export type PathSeg = string | number;

export interface DurationLit {
  ms: number;
  text: string;
  span: Span;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface RuleDecl {
  kind: 'rule';
  name: string;
  nameSpan: Span;
  span: Span;
  /** source text of the whole `rule NAME { ... }` block */
  sourceText: string;
  description?: { value: string; span: Span };
  tags?: { values: string[]; span: Span };
  severity?: { value: Severity; span: Span };
  enabled?: { value: boolean; span: Span };
  from?: { name: string; span: Span };
  key?: { paths: PathSeg[][]; span: Span };
  filter?: { expr: Expr; span: Span };
  pattern?: Pattern;
  where?: { entries: WhereEntry[]; span: Span };
  within?: DurationLit & { clauseSpan: Span };
  withinSession?: DurationLit & { clauseSpan: Span };
  skip?: SkipClause;
  emit?: EmitClause;
  timeoutEmit?: EmitClause;
  suppress?: DurationLit & { clauseSpan: Span };
  maxPartial?: { value: number; span: Span };
  window?: WindowSpec;
  aggregate?: { items: AggregateDef[]; span: Span };
  having?: { expr: Expr; span: Span };
  /** every clause written, in order (a repeated clause keeps its first value above) */
  clauses?: ClauseMark[];
}

// ---- patterns -------------------------------------------------------------------------------

/** `a b` strict (Flink next), `a -> b` relaxed (followedBy), `a ->> b` any (followedByAny). */
export type Contiguity = 'strict' | 'relaxed' | 'any';

export interface Pattern {
  elements: PatternElement[];
  span: Span;
}

export interface PatternElement {
  /** contiguity to the previous element; null for the first element of a sequence */
  contiguity: Contiguity | null;
  negated: boolean;
  item: StepItem | GroupItem;
  quantifier: Quantifier | null;
  modifiers: Modifiers;
  span: Span;
}

export interface StepItem {
  kind: 'step';
  name: string;
  span: Span;
}

export interface GroupItem {
  kind: 'group';
  body: Pattern;
  span: Span;
}

/**
 * As written: `?` `+` `*` `{n}` `{n,}` `{n,m}`, and `optional` for a trailing `?` after `{...}`.
 * The parser keeps what it saw; the checker rejects the illegal forms (`a+?`, `{0}`, n > m ...).
 */
export interface Quantifier {
  kind: 'optional' | 'oneOrMore' | 'zeroOrMore' | 'times';
  /** for `times`: n */
  min: number;
  /** for `times`: m; null when unbounded (`{n,}`); equal to min for `{n}` */
  max: number | null;
  /** a `?` after a `{...}` quantifier */
  optional: boolean;
  /** a `?` written after `?`, `+` or `*` (always a compile error, kept to report it) */
  strayOptional?: Span;
  span: Span;
}

export interface Modifiers {
  consecutive?: Span;
  combinations?: Span;
  greedy?: Span;
  until?: { expr: Expr; span: Span };
  /** modifiers written twice, to report */
  duplicates?: { name: string; span: Span }[];
}

export interface WhereEntry {
  step: string;
  stepSpan: Span;
  expr: Expr;
}

export type SkipClause =
  | { kind: 'noSkip'; span: Span }
  | { kind: 'toNext'; span: Span }
  | { kind: 'pastLast'; span: Span }
  | { kind: 'toFirst'; step: string; stepSpan: Span; span: Span }
  | { kind: 'toLast'; step: string; stepSpan: Span; span: Span };

export interface EmitClause {
  fields: EmitField[];
  span: Span;
}

export interface EmitField {
  name: string;
  nameSpan: Span;
  expr: Expr;
}

// ---- windows --------------------------------------------------------------------------------

export type WindowSpec =
  | { kind: 'tumbling'; size: DurationLit; span: Span }
  | { kind: 'sliding'; size: DurationLit; slide: DurationLit; span: Span }
  | { kind: 'session'; gap: DurationLit; span: Span };

export type AggregateFn =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'distinct_count';

export interface AggregateDef {
  name: string;
  nameSpan: Span;
  /** as written; the checker rejects unknown functions */
  fn: string;
  fnSpan: Span;
  /** null for count() */
  arg: Expr | null;
  /** every argument as written (the checker requires none for count, one for the others) */
  args?: Expr[];
  span: Span;
}

// ---- expressions ----------------------------------------------------------------------------
// The parser builds the generic shape; meaning (step name vs field, function vs prior aggregate,
// window.start) is resolved by the expression compiler, which knows the rule's steps.

export type Expr =
  | { k: 'lit'; value: string | number | boolean | null; span: Span }
  /** a duration literal in an expression: its length in ms */
  | { k: 'dur'; ms: number; text: string; span: Span }
  /** a bare identifier: a field of the event, a step name, or a function name when called */
  | { k: 'ident'; name: string; span: Span }
  /** the reserved words usable as values: `event`, `key`, `prior`, `window` */
  | { k: 'event'; span: Span }
  | { k: 'key'; span: Span }
  | { k: 'prior'; span: Span }
  | { k: 'window'; span: Span }
  | { k: 'member'; obj: Expr; prop: string; propSpan: Span; span: Span }
  | { k: 'index'; obj: Expr; index: Expr; span: Span }
  | { k: 'call'; callee: Expr; args: Expr[]; span: Span }
  | { k: 'unary'; op: '-' | 'not'; arg: Expr; span: Span }
  | { k: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { k: 'array'; items: Expr[]; span: Span };

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | 'in' | 'contains' | 'startswith' | 'endswith' | 'matches'
  | 'and' | 'or';

// Says what the parser expected where it stopped, in the user's words: "expected a step name,
// found '->'". Each token the parser could have taken is described by the outermost grammar
// rule that would have started at that token (so `->` then nothing gives "a step name", not
// "'!' or '(' or a name"); a token that would continue something already begun is named as is.
import type { ChartColumn, ChartState } from './run-parser';
import type { Token } from './tokens';

/** Grammar nonterminals (grammar/*.ne) in the user's words. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  Block: "'rule' or 'source'",
  RuleName: 'a rule name',
  SourceName: 'a source name',
  SourceRef: 'a source name',
  RuleClause: 'a clause',
  SourceClause: 'a source clause (topic, time, watermark, idle, lateness or format)',
  FormatName: 'a format name (json)',
  SeverityName: 'a severity (low, medium, high or critical)',
  Boolean: 'true or false',
  Count: 'a whole number',
  Duration: 'a duration (such as 500ms, 10s, 5m, 1h or 7d)',
  String: 'a string',
  StringList: 'a list of strings',
  KeyPaths: 'a field path',
  Path: 'a field path',
  WhereEntries: "a where entry ('STEP: condition')",
  WhereEntry: "a where entry ('STEP: condition')",
  EmitBody: "'{'",
  EmitField: "an emit field ('name: expression')",
  WindowSpec: "'tumbling', 'sliding' or 'session'",
  Aggregates: "an aggregate ('NAME = FUNCTION(...)')",
  Aggregate: "an aggregate ('NAME = FUNCTION(...)')",
  Element: 'a step name',
  StepName: 'a step name',
  Quantifier: 'a quantifier',
  Modifier: 'a modifier',
  Word: 'a name',
  Expr: 'an expression',
  Or: 'an expression',
  And: 'an expression',
  Not: 'an expression',
  Comparison: 'an expression',
  Sum: 'an expression',
  Product: 'an expression',
  Negation: 'an expression',
  Postfix: 'an expression',
  Primary: 'an expression',
  CompareOp: 'an operator',
  SumOp: 'an operator',
  ProductOp: 'an operator',
};

/** Rules whose continuation tokens (`or`, `.`, `[`, `(` after an operand) are operators. */
const EXPRESSION_RULES = new Set(['Or', 'And', 'Comparison', 'Sum', 'Product', 'Postfix']);

const TOKEN_TYPES: Readonly<Record<string, string>> = {
  ident: 'a name',
  kw: 'a name',
  number: 'a number',
  string: 'a string',
  duration: 'a duration',
};

/** The descriptions of everything the parser could have taken in `column`, deduplicated. */
export function expectedAt(column: ChartColumn): string[] {
  const out = new Set<string>();
  for (const state of column.scannable) {
    for (const d of describeState(state, column.index)) out.add(d);
  }
  return [...out].sort(byKind);
}

/** Phrases first, quoted tokens after, a closing brace last: "a clause or '}'". */
function byKind(a: string, b: string): number {
  return rank(a) - rank(b);
}

function rank(s: string): number {
  if (s === "'}'") return 2;
  return s.startsWith("'") ? 1 : 0;
}

function describeState(state: ChartState, here: number): string[] {
  const started = outermostStartingHere(state, here);
  if (started.size > 0) return [...started];
  return [describeSymbol(state, here)];
}

/** Descriptions of the outermost described rules that would start at this column. */
function outermostStartingHere(state: ChartState, here: number): Set<string> {
  const found = new Set<string>();
  const seen = new Set<ChartState>();
  const walk = (s: ChartState, best: string | undefined): void => {
    if (seen.has(s)) return;
    seen.add(s);
    const desc = DESCRIPTIONS[s.rule.name] ?? best;
    // left-recursive rules want themselves: a parent already walked leads nowhere new
    const parents = s.wantedBy.filter((p) => p.reference === here && !seen.has(p));
    if (parents.length === 0 && desc !== undefined) found.add(desc);
    for (const p of parents) walk(p, desc);
  };
  if (state.reference === here) walk(state, undefined);
  return found;
}

function describeSymbol(state: ChartState, here: number): string {
  const symbol = state.rule.symbols[state.dot] as { literal?: string; type?: string };
  if (state.reference !== here && EXPRESSION_RULES.has(state.rule.name)) return 'an operator';
  if (symbol.literal !== undefined) return `'${symbol.literal}'`;
  return TOKEN_TYPES[symbol.type ?? ''] ?? 'something else';
}

/** "a", "a or b", "a, b or c". */
export function alternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** How a token is named in a message. */
export function describeToken(t: Token): string {
  if (t.type === 'string') return t.text;
  return `'${t.text}'`;
}

const COMPARISONS = new Set([
  '<', '<=', '>', '>=', '==', '!=', 'in', 'contains', 'startswith', 'endswith', 'matches',
]);

/** `a < b < c`: a comparison operator right after a complete comparison. */
export function isChainedComparison(column: ChartColumn, token: Token): boolean {
  if (!COMPARISONS.has(token.text)) return false;
  return column.states.some(
    (s) => s.isComplete && s.rule.name === 'Comparison' && s.rule.symbols.length === 3,
  );
}

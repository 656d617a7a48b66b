// Runs the generated nearley parser over tokens that were lexed already (so lexical errors are
// reported once, and a block can be parsed on its own). On failure it returns the parser's last
// column, from which expected.ts says what could have come next.
import nearley from 'nearley';
import grammar from '../../../grammar/cepheus';
import type { Token } from './tokens';

/** The parts of nearley's internal chart that error descriptions read. */
export interface ChartState {
  rule: { name: string; symbols: unknown[] };
  dot: number;
  reference: number;
  isComplete: boolean;
  wantedBy: ChartState[];
}

export interface ChartColumn {
  index: number;
  states: ChartState[];
  scannable: ChartState[];
}

export type ParseOutcome =
  | { ok: true; results: unknown[] }
  /** `at` is the index of the token that could not be taken, or tokens.length at the end */
  | { ok: false; at: number; column: ChartColumn };

const compiled = nearley.Grammar.fromCompiled(grammar);

/** Feeds the tokens as they are: nearley asks the lexer for them one by one. */
class TokenReplay {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  reset(): void {
    this.i = 0;
  }

  next(): Token | undefined {
    return this.tokens[this.i++];
  }

  save(): Record<string, never> {
    return {};
  }

  formatError(token: Token): string {
    return `unexpected ${token.text}`;
  }

  has(): boolean {
    return true;
  }
}

export function runParser(tokens: readonly Token[]): ParseOutcome {
  const parser = new nearley.Parser(compiled, { lexer: new TokenReplay(tokens) as never });
  try {
    parser.feed('');
  } catch (e) {
    const at = (e as { offset?: number }).offset;
    if (typeof at !== 'number') throw e;
    return { ok: false, at, column: columnOf(parser, at) };
  }
  if (parser.results.length > 0) return { ok: true, results: parser.results };
  return { ok: false, at: tokens.length, column: columnOf(parser, tokens.length) };
}

function columnOf(parser: nearley.Parser, index: number): ChartColumn {
  return (parser as unknown as { table: ChartColumn[] }).table[index];
}

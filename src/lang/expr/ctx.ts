// State shared by the compile functions of one expression: the environment, where errors go,
// and the recursive entry point (injected by compile.ts so the parts need not import it).

import type { Expr, Span } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import type { ExprEnv } from './env';
import { report, type MessageDef } from './messages';
import { errorNode, type Node } from './node';

export interface Ctx {
  readonly env: ExprEnv;
  readonly bag: DiagnosticBag;
  /** compiles a sub-expression in the same environment */
  readonly compile: (e: Expr) => Node;
  /**
   * Compiles a sub-expression in another environment (the argument of prior.sum(x) ...), into
   * the same bag; `confusableSteps` become the new context's confusable names.
   */
  readonly compileIn: (e: Expr, env: ExprEnv, confusableSteps: readonly string[]) => Node;
  /**
   * Step names that read as fields here but are easy to confuse with steps (inside
   * prior.sum(...) and the like): naming one is an error rather than a silent field read.
   */
  readonly confusableSteps: readonly string[];
}

/** Reports an error and returns a node that stands in for the failed expression. */
export function fail(ctx: Ctx, def: MessageDef, span: Span, ...args: string[]): Node {
  report(ctx.bag, def, span, ...args);
  return errorNode();
}

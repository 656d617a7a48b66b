// A structural key of an expression: equal for the same expression written in two places (or
// with other spacing), so `prior.avg(amount)` used twice shares one slot of state.

import type { Expr } from '../ast';

const POSITIONAL = new Set(['span', 'propSpan', 'text']);

export function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (POSITIONAL.has(k) ? undefined : v));
}

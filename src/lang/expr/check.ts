// Operand checks shared by the operator compilers.

import type { BinaryOp, Expr } from '../ast';
import { fail, type Ctx } from './ctx';
import { ExprMessages as M } from './messages';
import type { Node } from './node';
import { admits, describeType, type StaticType } from './types';

/** True when `n` may be of a kind in `accepts`; otherwise reports at the operand. */
export function operand(
  ctx: Ctx,
  op: BinaryOp | 'not' | '-',
  side: Expr,
  n: Node,
  accepts: StaticType,
  expects: string,
): boolean {
  if (admits(n.type, accepts)) return true;
  fail(ctx, M.OperandType, side.span, op, expects, describeType(n.type));
  return false;
}

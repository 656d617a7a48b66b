// Public surface of the expression compiler.

export { compileExpr } from './compile';
export type { CompiledExpr } from './compiled';
export type { ExprContext, ExprEnv, PriorFn, PriorSlots } from './env';
export { ExprMessages, formatMessage, type MessageDef, type ExprMessageId } from './messages';
export { emptyScope, type EvalScope, type PriorValues, type StepEvents, type TimedEvent } from './scope';
export { describeType, type StaticType, NULL, BOOL, NUM, STR, ARR, OBJ, ANY } from './types';
export { parseEventTime, readEventTime } from './event-time';

// Evaluating transition conditions for one branch and one event. The step conditions themselves
// are compiled expressions owned by the rule; this context hands them the event under test and,
// only when asked, the events the branch has taken so far.

import type { EvalScope, StepEvents, TimedEvent } from '../../lang/expr/scope';
import type { ComputationState } from './computation-state';
import { SharedBuffer, type StepLists } from './shared-buffer';
import { type Cond, CondKind } from './state';

/** The rule's compiled step predicates. */
export interface StepPredicates {
  /** `where` condition of step `i`; only called for steps that have one */
  step(i: number, scope: EvalScope): boolean;
  /** `until` condition of step `i` */
  until(i: number, scope: EvalScope): boolean;
}

const NO_EVENTS: readonly TimedEvent[] = [];
const EMPTY_BUFFER = new SharedBuffer();

/** Flink's ConditionContext: lazily extracts the branch's events, once per branch and event. */
export class ConditionContext implements StepEvents {
  private lists: StepLists | null = null;
  private cs: ComputationState | null = null;
  buffer: SharedBuffer = EMPTY_BUFFER;

  constructor(
    private readonly stepCount: number,
    readonly scope: EvalScope,
  ) {}

  reset(cs: ComputationState | null, event: TimedEvent): void {
    this.cs = cs;
    this.lists = null;
    const s = this.scope;
    s.event = event.value;
    s.time = event.time;
    s.steps = this;
  }

  events(step: number): readonly TimedEvent[] {
    const cs = this.cs;
    if (cs === null) return NO_EVENTS;
    if (this.lists === null) this.lists = this.buffer.extract(cs.prev, cs.version, this.stepCount);
    return this.lists[step] ?? NO_EVENTS;
  }
}

export function evalCond(c: Cond, preds: StepPredicates, ctx: ConditionContext): boolean {
  switch (c.kind) {
    case CondKind.True:
      return true;
    case CondKind.Step:
      return preds.step(c.step, ctx.scope);
    case CondKind.Until:
      return preds.until(c.step, ctx.scope);
    case CondKind.Not:
      return !evalCond(c.a as Cond, preds, ctx);
    case CondKind.And:
      return evalCond(c.a as Cond, preds, ctx) && evalCond(c.b as Cond, preds, ctx);
  }
}

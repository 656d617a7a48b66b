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
  /**
   * false only when step `i`'s `where` is false for every branch, judged on the event alone (for
   * a condition that reads the branch's events: one of its `and` parts that read only the event
   * is false); true when it may hold
   */
  mayHold(i: number, scope: EvalScope): boolean;
  /**
   * per step: its `where` and `until` read only the event under test (not the branch's events),
   * so their value can be shared by every branch for one event
   */
  readonly perEvent: readonly boolean[];
}

const NO_EVENTS: readonly TimedEvent[] = [];
const EMPTY_BUFFER = new SharedBuffer();

/** Flink's ConditionContext: lazily extracts the branch's events, once per branch and event. */
export class ConditionContext implements StepEvents {
  private lists: StepLists | null = null;
  private cs: ComputationState | null = null;
  buffer: SharedBuffer = EMPTY_BUFFER;
  // per-event memo of conditions that read only the event: [step] and [stepCount + step] (until)
  private epoch = 1;
  private readonly memoEpoch: Int32Array;
  private readonly memoValue: Uint8Array;
  /**
   * Judging an event for every branch at once (Nfa.passesOver): a condition that reads the
   * branch's events counts as false where its event-only parts are false; anywhere else its value
   * is unknown, `unknown` is set, and the verdict must not be used.
   */
  eventOnly = false;
  unknown = false;

  constructor(
    private readonly stepCount: number,
    readonly scope: EvalScope,
  ) {
    this.memoEpoch = new Int32Array(stepCount * 2);
    this.memoValue = new Uint8Array(stepCount * 2);
  }

  /** A new event is under test: forget the memo. */
  nextEvent(): void {
    this.epoch = (this.epoch + 1) | 0;
  }

  step(i: number, preds: StepPredicates): boolean {
    if (!preds.perEvent[i]) {
      if (!this.eventOnly) return preds.step(i, this.scope);
      if (preds.mayHold(i, this.scope)) this.unknown = true;
      return false;
    }
    if (this.memoEpoch[i] === this.epoch) return this.memoValue[i] === 1;
    const v = preds.step(i, this.scope);
    this.memoEpoch[i] = this.epoch;
    this.memoValue[i] = v ? 1 : 0;
    return v;
  }

  until(i: number, preds: StepPredicates): boolean {
    if (!preds.perEvent[i]) {
      if (!this.eventOnly) return preds.until(i, this.scope);
      this.unknown = true;
      return false;
    }
    const j = this.stepCount + i;
    if (this.memoEpoch[j] === this.epoch) return this.memoValue[j] === 1;
    const v = preds.until(i, this.scope);
    this.memoEpoch[j] = this.epoch;
    this.memoValue[j] = v ? 1 : 0;
    return v;
  }

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
      return ctx.step(c.step, preds);
    case CondKind.Until:
      return ctx.until(c.step, preds);
    case CondKind.Not:
      return !evalCond(c.a as Cond, preds, ctx);
    case CondKind.And:
      return evalCond(c.a as Cond, preds, ctx) && evalCond(c.b as Cond, preds, ctx);
  }
}

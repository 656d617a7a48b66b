// `prior`: running aggregates over every earlier event of a rule's key (LANGUAGE.md 6.1).
//
// - PriorRegistry: filled by the expression compiler with the distinct aggregates a rule uses
//   (fn + compiled argument), each in its own slot. One per compiled rule, shared by all keys.
// - PriorState: per key, plain JSON data of constant size (count, two numbers per slot, the last
//   event when `prior.last` is used), persisted like any other state.
// - update(state, event, time): the runtime applies it to every event of the key that passed the
//   rule's filter, AFTER evaluating that event, so prior never includes the event under test.
// - PriorView: the PriorValues that compiled expressions read, over one state.
//
// Values are SQL-like: sum, avg, min and max use only the numbers among the argument's values
// (null, missing and non-numbers are skipped); over no numbers sum is 0 and avg/min/max are null.
// count() counts every earlier event. Pure: no I/O, no clock.

import type { CompiledExpr } from '../lang/expr/compiled';
import type { PriorFn, PriorSlots } from '../lang/expr/env';
import { emptyScope, type EvalScope, type PriorValues } from '../lang/expr/scope';

export interface PriorAggregate {
  readonly fn: PriorFn;
  /** evaluated over each event of the key (null for count) */
  readonly arg: CompiledExpr | null;
  /** structural key of the argument: equal arguments share a slot */
  readonly argKey: string;
}

export interface PriorState {
  /** how many events of the key were seen */
  count: number;
  /** per slot: the running sum (sum, avg) or the extreme so far (min, max; null before any) */
  acc: (number | null)[];
  /** per slot: how many numbers were added (avg) */
  n: number[];
  /** the previous event's value, when the rule reads prior.last; else null */
  last: unknown;
}

const EMPTY_STATE: PriorState = { count: 0, acc: [], n: [], last: null };

export class PriorRegistry implements PriorSlots {
  private readonly slots: PriorAggregate[] = [];
  private keepsLast = false;
  // update() evaluates arguments in this scope: reused, so updating allocates nothing
  private readonly scratch: EvalScope = emptyScope();
  private readonly shared: PriorView = new PriorView(this, EMPTY_STATE);

  slot(fn: PriorFn, arg: CompiledExpr | null, argKey: string): number {
    const found = this.slots.findIndex((s) => s.fn === fn && s.argKey === argKey);
    if (found >= 0) return found;
    this.slots.push({ fn, arg, argKey });
    return this.slots.length - 1;
  }

  useLast(): void {
    this.keepsLast = true;
  }

  get aggregates(): readonly PriorAggregate[] {
    return this.slots;
  }

  /** True when the rule reads prior at all; otherwise the runtime keeps no prior state. */
  get used(): boolean {
    return this.slots.length > 0 || this.keepsLast;
  }

  get usesLast(): boolean {
    return this.keepsLast;
  }

  /** Identifies the state layout: a stored state fits this registry when signatures match. */
  get signature(): string {
    return JSON.stringify([this.keepsLast, this.slots.map((s) => [s.fn, s.argKey])]);
  }

  /** A fresh state: nothing seen yet. */
  newState(): PriorState {
    const acc = this.slots.map((s) => (s.fn === 'sum' || s.fn === 'avg' ? 0 : null));
    return { count: 0, acc, n: this.slots.map(() => 0), last: null };
  }

  /** A deep copy (the last event is shared: event values are never mutated). */
  copy(state: PriorState): PriorState {
    return { count: state.count, acc: state.acc.slice(), n: state.n.slice(), last: state.last };
  }

  /**
   * Adds one event of the key (its value and time) to the state, in place. Call it after the
   * event has been evaluated. `key` is what `key` reads inside the aggregates' arguments.
   */
  update(state: PriorState, event: unknown, time: number, key: unknown = null): void {
    const scope = this.scratch;
    scope.event = event === undefined ? null : event;
    scope.time = time;
    scope.key = key;
    for (let i = 0; i < this.slots.length; i++) {
      const { fn, arg } = this.slots[i];
      if (arg !== null) addValue(state, i, fn, arg.evaluate(scope));
    }
    state.count++;
    if (this.keepsLast) state.last = scope.event;
    scope.event = null; // do not keep the event alive
  }

  /**
   * The PriorValues over `state`. The view object is reused (this allocates nothing): it reads
   * whatever state the latest call passed, so use it before the next call, or give a held-back
   * evaluation its own `new PriorView(registry, registry.copy(state))`.
   */
  view(state: PriorState): PriorValues {
    this.shared.state = state;
    return this.shared;
  }
}

function addValue(state: PriorState, i: number, fn: PriorFn, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) return;
  const acc = state.acc[i];
  switch (fn) {
    case 'sum':
    case 'avg':
      state.acc[i] = (acc ?? 0) + v;
      state.n[i]++;
      return;
    case 'min':
      if (acc === null || v < acc) state.acc[i] = v;
      return;
    case 'max':
      if (acc === null || v > acc) state.acc[i] = v;
      return;
    case 'count':
      return;
  }
}

export class PriorView implements PriorValues {
  constructor(
    private readonly registry: PriorRegistry,
    public state: PriorState,
  ) {}

  get(slot: number): unknown {
    const agg = this.registry.aggregates[slot];
    if (agg === undefined) return null;
    if (agg.fn === 'count') return this.state.count;
    const acc = this.state.acc[slot] ?? null;
    if (acc !== null && !Number.isFinite(acc)) return null;
    if (agg.fn !== 'avg') return acc;
    const n = this.state.n[slot] ?? 0;
    return n === 0 || acc === null ? null : acc / n;
  }

  last(): unknown {
    return this.state.last;
  }
}

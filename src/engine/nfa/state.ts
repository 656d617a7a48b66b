// The compiled automaton: states and transitions, immutable once compiled and shared by every key
// of a rule. The shape follows Flink's NFACompiler so that branches, and the versions that name
// them, come out as in Flink.

export const enum StateType {
  Start,
  Normal,
  Final,
  Stop,
  /** waits for the watermark: a pattern ending in `-> !b` completes when `within` expires */
  Pending,
}

export const enum Action {
  Take,
  Ignore,
  Proceed,
}

export const enum CondKind {
  True,
  /** the `where` condition of a step */
  Step,
  /** the `until` condition of a step */
  Until,
  Not,
  And,
}

/** A transition condition: a small tree over the rule's step and until conditions. */
export interface Cond {
  readonly kind: CondKind;
  /** step index, for Step and Until */
  readonly step: number;
  readonly a: Cond | null;
  readonly b: Cond | null;
}

export const TRUE: Cond = { kind: CondKind.True, step: -1, a: null, b: null };

export function stepCond(step: number): Cond {
  return { kind: CondKind.Step, step, a: null, b: null };
}

export function untilCond(step: number): Cond {
  return { kind: CondKind.Until, step, a: null, b: null };
}

export function not(c: Cond): Cond {
  return { kind: CondKind.Not, step: -1, a: c, b: null };
}

export function and(a: Cond, b: Cond): Cond {
  return { kind: CondKind.And, step: -1, a, b };
}

export interface Transition {
  readonly action: Action;
  readonly source: State;
  target: State;
  cond: Cond;
}

export class State {
  readonly transitions: Transition[] = [];

  constructor(
    /** index in the automaton's state list */
    readonly id: number,
    /** unique name (step name, with `:n` for copies), as Flink's NFAStateNameHandler makes them */
    readonly name: string,
    /** the step this state takes events for; -1 for the end, and for group placeholders */
    readonly step: number,
    public type: StateType,
  ) {}

  get isFinal(): boolean {
    return this.type === StateType.Final;
  }

  get isStop(): boolean {
    return this.type === StateType.Stop;
  }

  get isStart(): boolean {
    return this.type === StateType.Start;
  }

  get isPending(): boolean {
    return this.type === StateType.Pending;
  }

  add(action: Action, target: State, cond: Cond): void {
    this.transitions.push({ action, source: this, target, cond });
  }

  addTake(target: State, cond: Cond): void {
    this.add(Action.Take, target, cond);
  }

  addSelfTake(cond: Cond): void {
    this.add(Action.Take, this, cond);
  }

  addIgnore(target: State, cond: Cond): void {
    this.add(Action.Ignore, target, cond);
  }

  addSelfIgnore(cond: Cond): void {
    this.add(Action.Ignore, this, cond);
  }

  addProceed(target: State, cond: Cond): void {
    this.add(Action.Proceed, target, cond);
  }
}

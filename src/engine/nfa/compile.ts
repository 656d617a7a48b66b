// Pattern → automaton, following Flink's NFACompiler state by state and transition by
// transition: the order in which transitions are added decides how Dewey versions are handed out,
// and so which of several paths a match is read back from. Comments name Flink's methods.

import {
  Action,
  type Cond,
  State,
  StateType,
  TRUE,
  and,
  not,
  stepCond,
  untilCond,
} from './state';
import { type ChainLink, Consuming, QuantKind, type StepTable } from './pattern-chain';

export const END_STATE_NAME = '$endState$';

export interface Automaton {
  readonly states: readonly State[];
  readonly start: State;
  /** `within` in ms; 0 when the rule has none */
  readonly windowTime: number;
  readonly steps: StepTable;
}

type NotCondition = { cond: Cond; name: string; step: number };

export function compileAutomaton(last: ChainLink, steps: StepTable, windowTime: number): Automaton {
  const c = new NfaCompiler(last, steps, windowTime);
  const start = c.compile();
  return { states: c.states, start, windowTime, steps };
}

class NfaCompiler {
  readonly states: State[] = [];
  private readonly usedNames = new Set<string>();
  private readonly stopStates = new Map<string, State>();
  private readonly originalStateMap = new Map<string, State>();
  private readonly firstOfLoop = new Map<ChainLink, boolean>();
  private currentGroup: ChainLink | null = null;
  private following: ChainLink | null = null;

  constructor(
    private current: ChainLink,
    private readonly steps: StepTable,
    private readonly windowTime: number,
  ) {}

  compile(): State {
    const end = this.createState(END_STATE_NAME, StateType.Final, -1);
    const sink = this.createMiddleStates(end);
    const start = this.convertPattern(sink);
    start.type = StateType.Start;
    return start;
  }

  // ---- states ---------------------------------------------------------------------------------

  /** NFAStateNameHandler.getUniqueInternalName */
  private uniqueName(base: string): string {
    let candidate = base;
    let counter = 0;
    while (this.usedNames.has(candidate)) candidate = `${base}:${counter++}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  private createState(name: string, type: StateType, step: number): State {
    const s = new State(this.states.length, this.uniqueName(name), step, type);
    this.states.push(s);
    return s;
  }

  private createStopState(not: NotCondition): State {
    let stop = this.stopStates.get(not.name);
    if (stop === undefined) {
      stop = this.createState(not.name, StateType.Stop, not.step);
      stop.addSelfTake(not.cond);
      this.stopStates.set(not.name, stop);
    }
    return stop;
  }

  /** NFACompiler.copy: same transitions, self loops pointing at the copy */
  private copy(state: State): State {
    const original = state.name.split(':')[0];
    const out = this.createState(original, state.type, state.step);
    for (const t of state.transitions) {
      out.add(t.action, t.target === t.source ? out : t.target, t.cond);
    }
    return out;
  }

  // ---- the walk -------------------------------------------------------------------------------

  private createMiddleStates(sink: State): State {
    let lastSink = sink;
    while (this.current.previous !== null) {
      const cur = this.current;
      if (cur.consuming === Consuming.NotFollow) {
        // a trailing `-> !b` with `within` waits for the watermark in a Pending state
        if (this.windowTime > 0 && lastSink.isFinal) lastSink = this.createPendingState(cur);
      } else if (cur.consuming === Consuming.NotNext) {
        lastSink = this.createNotNextState(cur, lastSink);
      } else {
        lastSink = this.convertPattern(lastSink);
      }
      this.following = cur;
      this.current = cur.previous as ChainLink;
    }
    return lastSink;
  }

  private createPendingState(cur: ChainLink): State {
    const pending = this.createState(cur.name, StateType.Pending, cur.step);
    const notCond = this.takeCondition(cur);
    const stop = this.createStopState({ cond: notCond, name: cur.name, step: cur.step });
    pending.addProceed(stop, notCond);
    pending.addSelfIgnore(not(notCond));
    return pending;
  }

  private createNotNextState(cur: ChainLink, lastSink: State): State {
    const notNext = this.createState(cur.name, StateType.Normal, cur.step);
    const notCond = this.takeCondition(cur);
    const stop = this.createStopState({ cond: notCond, name: cur.name, step: cur.step });
    // into Final by IGNORE, so that the event after `a` completes the match without being taken
    if (lastSink.isFinal) notNext.addIgnore(lastSink, not(notCond));
    else notNext.addProceed(lastSink, not(notCond));
    notNext.addProceed(stop, notCond);
    return notNext;
  }

  private convertPattern(sink: State): State {
    const cur = this.current;
    let lastSink: State;
    if (cur.quant === QuantKind.Looping) {
      this.setFirstOfLoop(false);
      const loopSink = this.copyWithoutTransitiveNots(sink);
      const looping = this.createLooping(loopSink);
      this.setFirstOfLoop(true);
      lastSink = this.createTimesState(looping, sink, cur.from, cur.to);
    } else if (cur.quant === QuantKind.Times) {
      lastSink = this.createTimesState(sink, sink, cur.from, cur.to);
    } else {
      lastSink = this.createSingletonState(
        sink,
        sink,
        this.takeCondition(cur),
        this.ignoreCondition(cur),
        this.isPatternOptional(cur),
      );
    }
    this.addStopStates(lastSink);
    return lastSink;
  }

  private createTimesState(sink: State, proceed: State | null, from: number, to: number): State {
    const cur = this.current;
    let lastSink = sink;
    this.setFirstOfLoop(false);
    const until = cur.hasUntil ? untilCond(cur.step) : null;
    const innerIgnore = extendWithUntil(this.innerIgnoreCondition(cur), until, false);
    const take = extendWithUntil(this.takeCondition(cur), until, true) as Cond;
    if (cur.greedy && from !== to) {
      if (until !== null) this.originalStateMap.set(sink.name, this.copy(sink));
      updateWithGreedyCondition(sink, this.takeCondition(cur));
    }
    for (let i = from; i < to; i++) {
      lastSink = this.createSingletonState(lastSink, proceed, take, innerIgnore, true);
      this.addStopStateToLooping(lastSink);
    }
    for (let i = 0; i < from - 1; i++) {
      lastSink = this.createSingletonState(lastSink, null, take, innerIgnore, false);
      this.addStopStateToLooping(lastSink);
    }
    this.setFirstOfLoop(true);
    return this.createSingletonState(lastSink, proceed, take, this.ignoreCondition(cur), cur.optional);
  }

  private createSingletonState(
    sink: State,
    proceed: State | null,
    take: Cond,
    ignore: Cond | null,
    isOptional: boolean,
  ): State {
    const cur = this.current;
    if (cur.group !== null) return this.createGroupPatternState(cur, sink, proceed, isOptional);

    const single = this.createState(cur.name, StateType.Normal, cur.step);
    // once an event is taken, the `-> !b` guards before an optional step no longer apply
    const takeSink = this.copyWithoutTransitiveNots(sink);
    single.addTake(takeSink, take);

    const proceedCond = TRUE;
    if (isOptional && proceed !== null) {
      if (cur.greedy) {
        const until = cur.hasUntil ? untilCond(cur.step) : null;
        if (until !== null) {
          const original = this.originalStateMap.get(proceed.name);
          if (original !== undefined) single.addProceed(original, and(proceedCond, until));
        }
        single.addProceed(proceed, until !== null ? and(proceedCond, not(until)) : proceedCond);
      } else {
        single.addProceed(proceed, proceedCond);
      }
    }

    if (ignore !== null) {
      let ignoreState: State;
      if (isOptional || this.isHeadOfOptionalGroup(cur)) {
        ignoreState = this.createState(cur.name, StateType.Normal, cur.step);
        ignoreState.addTake(takeSink, take);
        ignoreState.addSelfIgnore(ignore);
        this.addStopStates(ignoreState);
      } else {
        ignoreState = single;
      }
      single.addIgnore(ignoreState, ignore);
    }
    return single;
  }

  private createLooping(sink: State): State {
    const cur = this.current;
    if (cur.group !== null) return this.createLoopingGroupPatternState(cur, sink);
    const until = cur.hasUntil ? untilCond(cur.step) : null;
    const ignore = extendWithUntil(this.innerIgnoreCondition(cur), until, false);
    const take = extendWithUntil(this.takeCondition(cur), until, true) as Cond;
    const proceedCond = TRUE;

    const looping = this.createState(cur.name, StateType.Normal, cur.step);
    if (cur.greedy) {
      if (until !== null) {
        const sinkCopy = this.copy(sink);
        looping.addProceed(sinkCopy, and(proceedCond, until));
        this.originalStateMap.set(sink.name, sinkCopy);
      }
      looping.addProceed(sink, until !== null ? and(proceedCond, not(until)) : proceedCond);
      updateWithGreedyCondition(sink, this.takeCondition(cur));
    } else {
      looping.addProceed(sink, proceedCond);
    }
    looping.addSelfTake(take);
    this.addStopStateToLooping(looping);

    if (ignore !== null) {
      const ignoreState = this.createState(cur.name, StateType.Normal, cur.step);
      ignoreState.addTake(looping, take);
      ignoreState.addSelfIgnore(ignore);
      looping.addIgnore(ignoreState, ignore);
      this.addStopStateToLooping(ignoreState);
    }
    return looping;
  }

  private createGroupPatternState(
    group: ChainLink,
    sink: State,
    proceed: State | null,
    isOptional: boolean,
  ): State {
    const proceedCond = TRUE;
    const saved = this.save();
    this.currentGroup = group;
    this.current = group.group as ChainLink;
    let lastSink = this.createMiddleStates(sink);
    lastSink = this.convertPattern(lastSink);
    // the group's head proceeds past the whole group when the group is optional
    if (isOptional && proceed !== null) lastSink.addProceed(proceed, proceedCond);
    this.restore(saved);
    return lastSink;
  }

  private createLoopingGroupPatternState(group: ChainLink, sink: State): State {
    const proceedCond = TRUE;
    const saved = this.save();
    const dummy = this.createState(this.current.name, StateType.Normal, -1);
    this.currentGroup = group;
    this.current = group.group as ChainLink;
    let lastSink = this.createMiddleStates(dummy);
    lastSink = this.convertPattern(lastSink);
    lastSink.addProceed(sink, proceedCond);
    dummy.addProceed(lastSink, proceedCond);
    this.restore(saved);
    return lastSink;
  }

  private save(): [ChainLink, ChainLink | null, ChainLink | null] {
    return [this.current, this.following, this.currentGroup];
  }

  private restore([current, following, group]: [ChainLink, ChainLink | null, ChainLink | null]): void {
    this.current = current;
    this.following = following;
    this.currentGroup = group;
  }

  // ---- negation -------------------------------------------------------------------------------

  /** The `-> !b` guards still in force before the current step: back through optional steps. */
  private currentNotConditions(): NotCondition[] {
    const out: NotCondition[] = [];
    let prev = this.current;
    while (
      prev.previous !== null &&
      (prev.previous.optional || prev.previous.consuming === Consuming.NotFollow)
    ) {
      prev = prev.previous;
      if (prev.consuming === Consuming.NotFollow) {
        out.push({ cond: this.takeCondition(prev), name: prev.name, step: prev.step });
      }
    }
    return out;
  }

  /** NFACompiler.copyWithoutTransitiveNots */
  private copyWithoutTransitiveNots(sink: State): State {
    const nots = this.currentNotConditions();
    if (nots.length === 0 || !this.current.optional) return sink;
    const copy = this.createState(sink.name, sink.type, sink.step);
    for (const t of sink.transitions) {
      if (t.action === Action.Proceed) {
        let target = t.target;
        let remove = false;
        if (target.isStop) {
          for (const n of nots) if (target.name === n.name) remove = true;
        } else {
          target = this.copyWithoutTransitiveNots(t.target);
        }
        if (!remove) copy.add(t.action, target, t.cond);
      } else {
        copy.add(t.action, t.target === t.source ? copy : t.target, t.cond);
      }
    }
    return copy;
  }

  private addStopStates(state: State): void {
    for (const n of this.currentNotConditions()) {
      state.addProceed(this.createStopState(n), n.cond);
    }
  }

  private addStopStateToLooping(state: State): void {
    const f = this.following;
    if (f !== null && f.consuming === Consuming.NotFollow) {
      const cond = this.takeCondition(f);
      state.addProceed(this.createStopState({ cond, name: f.name, step: f.step }), cond);
    }
  }

  // ---- conditions -----------------------------------------------------------------------------

  private takeCondition(p: ChainLink): Cond {
    return p.step >= 0 && this.steps.hasCondition[p.step] ? stepCond(p.step) : TRUE;
  }

  private ignoreCondition(p: ChainLink): Cond | null {
    let cs = p.consuming;
    if (this.headOfGroup(p)) {
      const g = this.currentGroup as ChainLink;
      cs = this.isCurrentGroupFirstOfLoop() ? g.consuming : g.inner;
    }
    return this.ignoreFor(cs, p);
  }

  private innerIgnoreCondition(p: ChainLink): Cond | null {
    const cs = this.headOfGroup(p) ? (this.currentGroup as ChainLink).inner : p.inner;
    return this.ignoreFor(cs, p);
  }

  private ignoreFor(cs: Consuming, p: ChainLink): Cond | null {
    switch (cs) {
      case Consuming.SkipTillNext:
        return not(this.takeCondition(p));
      case Consuming.SkipTillAny:
        return TRUE;
      default:
        return null;
    }
  }

  private headOfGroup(p: ChainLink): boolean {
    return this.currentGroup !== null && p.previous === null;
  }

  private isCurrentGroupFirstOfLoop(): boolean {
    const g = this.currentGroup;
    if (g === null) return true;
    const v = this.firstOfLoop.get(g);
    return v === undefined ? true : v;
  }

  private setFirstOfLoop(v: boolean): void {
    if (this.current.group !== null) this.firstOfLoop.set(this.current, v);
  }

  /** Flink 1.19+: only the step's own flag (an optional group adds its PROCEED itself) */
  private isPatternOptional(p: ChainLink): boolean {
    return p.optional;
  }

  private isHeadOfOptionalGroup(p: ChainLink): boolean {
    return this.headOfGroup(p) && this.isCurrentGroupFirstOfLoop() && (this.currentGroup as ChainLink).optional;
  }
}

function extendWithUntil(cond: Cond | null, until: Cond | null, isTake: boolean): Cond | null {
  if (until !== null && cond !== null) return and(not(until), cond);
  if (until !== null && isTake) return not(until);
  return cond;
}

/** A greedy loop's next step may only take an event the loop cannot take. */
function updateWithGreedyCondition(state: State, take: Cond): void {
  for (const t of state.transitions) t.cond = and(t.cond, not(take));
}

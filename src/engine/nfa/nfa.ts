// Running the automaton for one key (Flink's NFA.process and NFA.advanceTime). Everything that
// decides which branches exist and which events they hold follows Flink step for step; where
// LANGUAGE.md departs (order of simultaneous matches, timeouts reported once) the departure is
// applied to what comes out, not to the branches.

import type { EvalScope } from '../../lang/expr/scope';
import type { BufferedEvent } from './buffered-event';
import type { Automaton } from './compile';
import { type ComputationState, compareByStart, startState } from './computation-state';
import { ConditionContext, type StepPredicates, evalCond } from './conditions';
import { type Dewey, INITIAL_VERSION, addStage, increase } from './dewey';
import { JavaPriorityQueue } from './java-priority-queue';
import { compareMatches } from './match-order';
import { SharedBuffer, type Node, type StepLists } from './shared-buffer';
import type { SkipStrategy } from './skip';
import { Action, type State, type Transition } from './state';

/** A completed match waiting to be emitted (held back by a skip strategy). */
interface Completed {
  readonly cs: ComputationState;
  /** the match's events when it completed; decides its order among simultaneous matches */
  readonly lists: StepLists;
}

/** The run state of one key: plain data apart from the heap wrapper. */
export class KeyRunState {
  partial: JavaPriorityQueue<ComputationState>;
  completed: Completed[] = [];
  readonly buffer = new SharedBuffer();

  constructor(start: State) {
    this.partial = new JavaPriorityQueue(compareByStart);
    this.partial.offer(startState(start, INITIAL_VERSION));
  }

  /** open partial matches, the waiting start branch not counted */
  get openCount(): number {
    return this.partial.size - 1;
  }

  get isIdle(): boolean {
    return this.partial.size <= 1 && this.completed.length === 0 && this.buffer.size === 0;
  }

  /** the earliest time at which advancing the clock can change anything; Infinity if never */
  nextDeadline(windowTime: number): number {
    if (windowTime <= 0) return Infinity;
    let min = Infinity;
    for (const cs of this.partial.array) {
      if (cs.startEvent !== null && cs.startTime + windowTime < min) min = cs.startTime + windowTime;
    }
    return min;
  }
}

export interface NfaOutput {
  match(lists: StepLists, first: BufferedEvent | null): void;
  timeout(lists: StepLists, end: number, first: BufferedEvent | null): void;
}

interface DecisionGraph {
  edges: Transition[];
  takes: number;
  ignores: number;
}

export class Nfa {
  private readonly stepCount: number;

  constructor(
    readonly automaton: Automaton,
    private readonly preds: StepPredicates,
    private readonly skip: SkipStrategy,
    private readonly scope: EvalScope,
    private readonly reportTimeouts: boolean,
  ) {
    this.stepCount = automaton.steps.names.length;
  }

  newKeyState(): KeyRunState {
    return new KeyRunState(this.automaton.start);
  }

  /** NFA.process: feed one event (the caller has already advanced time to its timestamp). */
  process(ks: KeyRunState, event: BufferedEvent, out: NfaOutput): void {
    const ctx = new ConditionContext(ks.buffer, this.stepCount, this.scope);
    const next = new JavaPriorityQueue<ComputationState>(compareByStart);
    const potential = new JavaPriorityQueue<ComputationState>(compareByStart);
    for (const cs of ks.partial.array) {
      const states = this.computeNextStates(ks.buffer, ctx, cs, event);
      const retain: ComputationState[] = [];
      let discard = false;
      for (const n of states) {
        if (n.state.isFinal) potential.offer(n);
        else if (n.state.isStop) {
          discard = true;
          ks.buffer.release(n.prev, n.version);
        } else retain.push(n);
      }
      if (discard) {
        // a `!b` guard fired: the whole branch dies, every copy of it included
        for (const r of retain) ks.buffer.release(r.prev, r.version);
      } else {
        next.addAll(retain);
      }
    }
    this.emitCompleted(ks, this.withLists(ks, potential.array), next, out);
    ks.partial = next;
  }

  /** NFA.advanceTime: time out branches as of `time` and release what that frees. */
  advanceTime(ks: KeyRunState, time: number, out: NfaOutput): void {
    const windowTime = this.automaton.windowTime;
    if (windowTime <= 0 && ks.completed.length === 0) return;
    const next = new JavaPriorityQueue<ComputationState>(compareByStart);
    const potential: ComputationState[] = [];
    for (const cs of ks.partial.array) {
      if (this.isTimedOut(cs, time)) {
        if (cs.state.isPending) {
          potential.push(cs);
          continue;
        }
        if (this.reportTimeouts) {
          const lists = ks.buffer.extract(cs.prev, cs.version, this.stepCount);
          out.timeout(lists, cs.startTime + windowTime, cs.startEvent);
        }
        ks.buffer.release(cs.prev, cs.version);
      } else {
        next.offer(cs);
      }
    }
    this.emitCompleted(ks, this.withLists(ks, potential), next, out);
    ks.partial = next;
  }

  private isTimedOut(cs: ComputationState, time: number): boolean {
    const w = this.automaton.windowTime;
    return !cs.state.isStart && w > 0 && time - cs.startTime >= w;
  }

  private withLists(ks: KeyRunState, states: readonly ComputationState[]): Completed[] {
    return states.map((cs) => ({ cs, lists: ks.buffer.extract(cs.prev, cs.version, this.stepCount) }));
  }

  /**
   * Flink's processMatchesAccordingToSkipStrategy: with a skip strategy a completed match is
   * emitted once no open partial match started before it, and prunes partial and completed
   * matches; with `no skip` every completed match goes out at once.
   */
  private emitCompleted(
    ks: KeyRunState,
    potential: Completed[],
    partial: JavaPriorityQueue<ComputationState>,
    out: NfaOutput,
  ): void {
    if (potential.length > 0) {
      ks.completed.push(...potential);
      ks.completed.sort(orderCompleted);
    }
    while (ks.completed.length > 0) {
      const earliest = ks.completed[0];
      if (this.skip.isSkip) {
        const open = partial.peek();
        if (open !== undefined && compareByStart(earliest.cs, open) > 0) break;
      }
      ks.completed.shift();
      const lists = ks.buffer.extract(earliest.cs.prev, earliest.cs.version, this.stepCount);
      const pruning = this.skip.pruningEvent(lists);
      if (pruning !== null) {
        this.prunePartial(ks, partial, pruning);
        this.pruneCompleted(ks, pruning);
      }
      out.match(lists, earliest.cs.startEvent);
      ks.buffer.release(earliest.cs.prev, earliest.cs.version);
    }
  }

  private prunePartial(ks: KeyRunState, partial: JavaPriorityQueue<ComputationState>, pruning: BufferedEvent): void {
    const doomed = new Set<ComputationState>();
    for (const cs of partial.array) {
      if (cs.startEvent !== null && this.skip.shouldPrune(cs.startEvent, pruning)) {
        ks.buffer.release(cs.prev, cs.version);
        doomed.add(cs);
      }
    }
    if (doomed.size > 0) partial.removeIf((cs) => doomed.has(cs));
  }

  private pruneCompleted(ks: KeyRunState, pruning: BufferedEvent): void {
    ks.completed = ks.completed.filter((c) => {
      const cs = c.cs;
      if (cs.startEvent !== null && this.skip.shouldPrune(cs.startEvent, pruning)) {
        ks.buffer.release(cs.prev, cs.version);
        return false;
      }
      return true;
    });
  }

  // ---- NFA.computeNextStates --------------------------------------------------------------------

  private computeNextStates(
    buffer: SharedBuffer,
    ctx: ConditionContext,
    cs: ComputationState,
    event: BufferedEvent,
  ): ComputationState[] {
    ctx.reset(cs, event);
    const graph = this.decisionGraph(cs.state, ctx);
    let takesToVisit = Math.max(0, graph.takes - 1);
    let ignoresToVisit = graph.ignores;
    const takesToSkip = Math.max(0, graph.takes - 1);
    const isStart = cs.state.isStart;
    const result: ComputationState[] = [];

    for (const edge of graph.edges) {
      if (edge.action === Action.Ignore) {
        if (isStart) continue;
        let version: Dewey;
        if (edge.target.name === cs.state.name) {
          version = increase(cs.version, selfIncrease(graph.ignores, graph.takes));
        } else {
          version = addStage(increase(cs.version, takesToSkip + ignoresToVisit));
          ignoresToVisit--;
        }
        this.add(buffer, result, edge.target, cs.prev, version, cs.startTime, cs.prevTime, cs.startEvent);
      } else {
        const current = increase(cs.version, takesToVisit);
        const nextVersion = addStage(current);
        takesToVisit--;
        const entry = buffer.put(edge.source.step, event, cs.prev, current);
        const startTime = isStart ? event.time : cs.startTime;
        const startEvent = isStart ? event : cs.startEvent;
        this.add(buffer, result, edge.target, entry, nextVersion, startTime, event.time, startEvent);
        const fin = this.finalAfterProceed(ctx, edge.target);
        if (fin !== null) {
          this.add(buffer, result, fin, entry, nextVersion, startTime, event.time, startEvent);
        }
      }
    }

    if (isStart) {
      result.push(startState(cs.state, increase(cs.version, selfIncrease(graph.ignores, graph.takes))));
    }
    if (cs.prev !== null) buffer.release(cs.prev, cs.version);
    return result;
  }

  private add(
    buffer: SharedBuffer,
    into: ComputationState[],
    state: State,
    prev: Node | null,
    version: Dewey,
    startTime: number,
    prevTime: number,
    startEvent: BufferedEvent | null,
  ): void {
    into.push({ state, prev, version, startTime, prevTime, startEvent });
    if (prev !== null) buffer.lock(prev, version);
  }

  /** NFA.createDecisionGraph: follow PROCEED edges depth first, collect TAKE and IGNORE edges. */
  private decisionGraph(state: State, ctx: ConditionContext): DecisionGraph {
    const graph: DecisionGraph = { edges: [], takes: 0, ignores: 0 };
    const stack: State[] = [state];
    while (stack.length > 0) {
      const s = stack.pop() as State;
      for (const t of s.transitions) {
        if (!evalCond(t.cond, this.preds, ctx)) continue;
        if (t.action === Action.Proceed) {
          stack.push(t.target);
          continue;
        }
        const selfIgnore = t.action === Action.Ignore && t.target.name === state.name;
        if (!selfIgnore) {
          if (t.action === Action.Ignore) graph.ignores++;
          else graph.takes++;
        }
        graph.edges.push(t);
      }
    }
    return graph;
  }

  /** NFA.findFinalStateAfterProceed: a state reached by a TAKE that can proceed to the end. */
  private finalAfterProceed(ctx: ConditionContext, state: State): State | null {
    const stack: State[] = [state];
    while (stack.length > 0) {
      const s = stack.pop() as State;
      for (const t of s.transitions) {
        if (t.action !== Action.Proceed || !evalCond(t.cond, this.preds, ctx)) continue;
        if (t.target.isFinal) return t.target;
        stack.push(t.target);
      }
    }
    return null;
  }
}

function selfIncrease(ignores: number, takes: number): number {
  return takes === 0 && ignores === 0 ? 0 : ignores + Math.max(1, takes);
}

function orderCompleted(a: Completed, b: Completed): number {
  return compareByStart(a.cs, b.cs) || compareMatches(a.lists, b.lists);
}

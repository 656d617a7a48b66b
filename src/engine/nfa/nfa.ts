// Running the automaton for one key (Flink's NFA.process and NFA.advanceTime). Everything that
// decides which branches exist and which events they hold follows Flink step for step; where
// LANGUAGE.md departs (order of simultaneous matches, timeouts reported once) the departure is
// applied to what comes out, not to the branches.
// Hot path: scratch arrays are reused across calls, and a branch that an event leaves exactly
// as it was is kept as the same object (Flink makes an equal copy, locks it and releases the
// original: the same buffer state either way).

import type { EvalScope, TimedEvent } from '../../lang/expr/scope';
import type { BufferedEvent } from './buffered-event';
import type { Automaton } from './compile';
import { type ComputationState, compareByStart, startState, startTimeOf } from './computation-state';
import { ConditionContext, type StepPredicates, evalCond } from './conditions';
import { type Dewey, INITIAL_VERSION, addStage, increase } from './dewey';
import { heapOffer, heapOfferAt, heapRemoveIf } from './java-priority-queue';
import { compareMatches } from './match-order';
import { type Node, SharedBuffer, type StepLists } from './shared-buffer';
import type { SkipStrategy } from './skip';
import { Action, State, StateType, type Transition } from './state';

/** The branch list of a run state not begun: never written (every writer runs on begun state). */
const NO_BRANCHES: ComputationState[] = [];

/** A completed match waiting to be emitted (held back by a skip strategy). */
interface Completed {
  readonly cs: ComputationState;
  /** the match's events when it completed; decides its order among simultaneous matches */
  readonly lists: StepLists;
  /** what the runtime captured when it completed (the key's prior state, for a held-back emit) */
  readonly context: unknown;
}

/**
 * The run state of one key; it is also the key's shared buffer (one object less per key), and a
 * runtime's key entry may extend it (one more). Empty until Nfa.begin.
 */
export class KeyRunState extends SharedBuffer {
  /** Flink's partialMatches queue: a Java-ordered heap by first event, walked in array order */
  partial: ComputationState[] = NO_BRANCHES;
  completed: Completed[] | null = null;

  get buffer(): SharedBuffer {
    return this;
  }

  /** open partial matches, the waiting start branch not counted */
  get openCount(): number {
    return this.partial.length - 1;
  }

  /** Empties a run state that has nothing left (isIdle), keeping no array alive. */
  clear(): void {
    this.partial = NO_BRANCHES;
    this.completed = null;
    this.size = 0;
  }

  get isIdle(): boolean {
    return this.partial.length <= 1 && this.completed === null && this.size === 0;
  }

  /** the earliest time at which advancing the clock can change anything; Infinity if never */
  nextDeadline(windowTime: number): number {
    if (windowTime <= 0) return Infinity;
    let min = Infinity;
    const p = this.partial;
    for (let i = 0; i < p.length; i++) {
      const cs = p[i];
      if (cs.startEvent !== null && cs.startEvent.time + windowTime < min) min = cs.startEvent.time + windowTime;
    }
    return min;
  }
}

export interface NfaOutput {
  match(lists: StepLists, first: BufferedEvent | null, context: unknown): void;
  timeout(lists: StepLists, end: number, first: BufferedEvent | null): void;
}

export class Nfa {
  private readonly stepCount: number;
  private readonly ctx: ConditionContext;
  // Scratch, reused by every call (the runtime is single-threaded and never re-enters). Each
  // array has its own fill count and is never cut with `length = 0`: that frees the backing
  // store, and the next push allocates a new one, on every event.
  private readonly edges: Transition[] = [];
  private edgeCount = 0;
  private readonly stack: State[] = [];
  private readonly results: ComputationState[] = [];
  private resultCount = 0;
  private readonly retain: ComputationState[] = [];
  private takes = 0;
  private ignores = 0;
  /** scratch for the next branch list (a heap); the key gets an exact-size copy */
  private readonly spare: ComputationState[] = [];
  private spareCount = 0;
  /**
   * the nodes the event under process() has in the key's buffer, by step (null: none yet); every
   * branch that takes the event in one step shares one node, as Flink's (event, state) node id
   */
  private readonly stepNodes: (Node | null)[];
  private stepNodesUsed = false;
  /**
   * Called when an event completes matches; what it returns travels with them until they are
   * emitted (LANGUAGE.md 5.5: emit's `prior` reads the state before the completing event, even
   * when a skip strategy holds the match back).
   */
  capture: (() => unknown) | null = null;
  private readonly initial: ComputationState;
  /**
   * start branches by version, shared by every key: branches are immutable, and a key's start
   * branch differs from another's only by how many branches it has started (bounded, see below)
   */
  private readonly starts = new Map<Dewey, ComputationState>();
  /** the event the condition memo was last cleared for: every check of one event shares it */
  private prepared: TimedEvent | null = null;
  /** States a branch can wait in (see passesOver). */
  private readonly waiting: readonly State[];
  /** every condition reads the event alone, so passesOver evaluates them exactly */
  private readonly exact: boolean;

  constructor(
    readonly automaton: Automaton,
    private readonly preds: StepPredicates,
    private readonly skip: SkipStrategy,
    scope: EvalScope,
    private readonly reportTimeouts: boolean,
  ) {
    this.stepCount = automaton.steps.names.length;
    this.stepNodes = new Array<Node | null>(this.stepCount).fill(null);
    this.ctx = new ConditionContext(this.stepCount, scope);
    this.initial = startState(automaton.start, INITIAL_VERSION);
    this.waiting = automaton.states.filter((st) => !st.isStart && !st.isFinal && !st.isStop);
    this.exact = preds.perEvent.every((x) => x);
  }

  /** Clears the condition memo, once per event however many checks look at it. */
  private prepare(event: TimedEvent): void {
    if (this.prepared === event) return;
    this.prepared = event;
    this.ctx.nextEvent();
  }

  /** Starts a new or cleared `ks`: the automaton's initial start branch only (shared by every key). */
  begin(ks: KeyRunState): void {
    ks.partial = [this.initial];
  }

  /**
   * True when `event` cannot change a key that has only its start branch: no transition of the
   * start state takes or leaves on it. Lets the runtime skip keys with nothing open.
   */
  startIgnores(event: TimedEvent): boolean {
    const start = this.automaton.start;
    this.prepare(event);
    this.ctx.reset(null, event);
    this.decisionGraph(start);
    this.clearEdges();
    return this.takes === 0 && this.ignores === 0;
  }

  /**
   * True when `event` leaves every key's branches exactly as they are, whatever they are: the
   * start state neither takes nor leaves on it, and every state a branch can wait in only
   * ignores it back into itself (computeNextStates would keep each branch as the same object).
   * Lets the runtime skip process() for most events of a key that none of its steps wants.
   * A condition that reads the branch's events is judged by its parts that read only the event:
   * when they make it false, it is false for every branch; otherwise the answer is false.
   */
  passesOver(event: TimedEvent): boolean {
    if (!this.startIgnores(event)) return false;
    const ctx = this.ctx;
    ctx.eventOnly = !this.exact;
    ctx.unknown = false;
    const waiting = this.waiting;
    let passes = true;
    for (let i = 0; i < waiting.length && passes; i++) {
      const st = waiting[i];
      this.decisionGraph(st);
      const only = this.edgeCount === 1 ? this.edges[0] : null;
      this.clearEdges();
      passes = only !== null && only.action === Action.Ignore && only.target === st && !ctx.unknown;
    }
    ctx.eventOnly = false;
    return passes;
  }

  /** NFA.process: feed one event (the caller has already advanced time to its timestamp). */
  process(ks: KeyRunState, event: BufferedEvent, out: NfaOutput): void {
    this.prepare(event);
    const buffer = ks.buffer;
    this.ctx.buffer = buffer;
    let potential: ComputationState[] | null = null;
    const old = ks.partial;
    const results = this.results;
    const retain = this.retain;
    for (let p = 0; p < old.length; p++) {
      const cs = old[p];
      this.computeNextStates(buffer, cs, event);
      let discard = false;
      let kept = 0;
      for (let i = 0; i < this.resultCount; i++) {
        const n = results[i];
        results[i] = DROPPED;
        if (n.state.isFinal) {
          if (potential === null) potential = [];
          heapOffer(potential, n, compareByStart);
        } else if (n.state.isStop) {
          discard = true;
          buffer.release(n.prev, n.version);
        } else retain[kept++] = n;
      }
      this.resultCount = 0;
      for (let i = 0; i < kept; i++) {
        const n = retain[i];
        retain[i] = DROPPED;
        // a `!b` guard fired: the whole branch dies, every copy of it included
        if (discard) buffer.release(n.prev, n.version);
        else this.offerNext(n);
      }
    }
    ks.partial = this.takeNext(old);
    // the event's nodes are found through branches from now on: the scratch must not keep them
    if (this.stepNodesUsed) {
      this.stepNodes.fill(null);
      this.stepNodesUsed = false;
    }
    if (potential !== null) this.emitCompleted(ks, this.withLists(ks, potential, this.capture), out);
  }

  /** NFA.advanceTime: time out branches as of `time` and release what that frees. */
  advanceTime(ks: KeyRunState, time: number, out: NfaOutput): void {
    const windowTime = this.automaton.windowTime;
    if (windowTime <= 0 && ks.completed === null) return;
    const old = ks.partial;
    let potential: ComputationState[] | null = null;
    for (let p = 0; p < old.length; p++) {
      const cs = old[p];
      if (this.isTimedOut(cs, time)) {
        if (cs.state.isPending) {
          if (potential === null) potential = [];
          potential.push(cs);
          continue;
        }
        if (this.reportTimeouts) {
          const lists = ks.buffer.extract(cs.prev, cs.version, this.stepCount);
          out.timeout(lists, startTimeOf(cs) + windowTime, cs.startEvent);
        }
        ks.buffer.release(cs.prev, cs.version);
      } else {
        this.offerNext(cs);
      }
    }
    ks.partial = this.takeNext(old);
    this.emitCompleted(ks, potential === null ? null : this.withLists(ks, potential, null), out);
  }

  /**
   * Drops every open branch (their activity session ended, LANGUAGE.md 9), reporting each as a
   * timeout that ended at `end`, then emits the completed matches that were waiting on them.
   */
  dropOpen(ks: KeyRunState, end: number, out: NfaOutput): void {
    const old = ks.partial;
    for (let p = 0; p < old.length; p++) {
      const cs = old[p];
      if (cs.state.isStart) {
        this.spare[this.spareCount++] = cs;
        continue;
      }
      if (this.reportTimeouts) out.timeout(ks.buffer.extract(cs.prev, cs.version, this.stepCount), end, cs.startEvent);
      ks.buffer.release(cs.prev, cs.version);
    }
    ks.partial = this.takeNext(old);
    this.emitCompleted(ks, null, out);
  }

  private isTimedOut(cs: ComputationState, time: number): boolean {
    const w = this.automaton.windowTime;
    return !cs.state.isStart && w > 0 && time - startTimeOf(cs) >= w;
  }

  private withLists(ks: KeyRunState, states: readonly ComputationState[], capture: (() => unknown) | null): Completed[] {
    const out: Completed[] = [];
    const context = capture === null ? undefined : capture();
    for (const cs of states) out.push({ cs, lists: ks.buffer.extract(cs.prev, cs.version, this.stepCount), context });
    return out;
  }

  /**
   * Flink's processMatchesAccordingToSkipStrategy: with a skip strategy a completed match is
   * emitted once no open partial match started before it, and prunes partial and completed
   * matches; with `no skip` every completed match goes out at once.
   */
  private emitCompleted(ks: KeyRunState, potential: Completed[] | null, out: NfaOutput): void {
    if (potential !== null && potential.length > 0) {
      if (ks.completed === null) ks.completed = potential;
      else ks.completed.push(...potential);
      ks.completed.sort(orderCompleted);
    }
    const completed = ks.completed;
    if (completed === null) return;
    while (completed.length > 0) {
      const earliest = completed[0];
      if (this.skip.isSkip) {
        const open = ks.partial[0];
        if (open !== undefined && compareByStart(earliest.cs, open) > 0) break;
      }
      completed.shift();
      const lists = ks.buffer.extract(earliest.cs.prev, earliest.cs.version, this.stepCount);
      const pruning = this.skip.pruningEvent(lists);
      if (pruning !== null) {
        this.prunePartial(ks, pruning);
        this.pruneCompleted(ks, pruning);
      }
      out.match(lists, earliest.cs.startEvent, earliest.context);
      ks.buffer.release(earliest.cs.prev, earliest.cs.version);
    }
    if (ks.completed !== null && ks.completed.length === 0) ks.completed = null;
  }

  private prunePartial(ks: KeyRunState, pruning: BufferedEvent): void {
    const doomed = new Set<ComputationState>();
    for (const cs of ks.partial) {
      if (cs.startEvent !== null && this.skip.shouldPrune(cs.startEvent, pruning)) {
        ks.buffer.release(cs.prev, cs.version);
        doomed.add(cs);
      }
    }
    if (doomed.size > 0) heapRemoveIf(ks.partial, (cs) => doomed.has(cs), compareByStart);
  }

  private pruneCompleted(ks: KeyRunState, pruning: BufferedEvent): void {
    const completed = ks.completed as Completed[];
    let w = 0;
    for (let i = 0; i < completed.length; i++) {
      const cs = completed[i].cs;
      if (cs.startEvent !== null && this.skip.shouldPrune(cs.startEvent, pruning)) {
        ks.buffer.release(cs.prev, cs.version);
      } else {
        completed[w++] = completed[i];
      }
    }
    completed.length = w;
  }

  // ---- NFA.computeNextStates --------------------------------------------------------------------

  /** Appends the branches `cs` becomes on `event` to this.results. */
  private computeNextStates(buffer: SharedBuffer, cs: ComputationState, event: BufferedEvent): void {
    this.ctx.reset(cs, event);
    const state = cs.state;
    this.decisionGraph(state);
    const takes = this.takes;
    const ignores = this.ignores;
    let takesToVisit = takes > 0 ? takes - 1 : 0;
    let ignoresToVisit = ignores;
    const takesToSkip = takesToVisit;
    const isStart = state.isStart;
    const results = this.results;
    let reused = false;
    const edges = this.edges;

    for (let e = 0; e < this.edgeCount; e++) {
      const edge = edges[e];
      if (edge.action === Action.Ignore) {
        if (isStart) continue;
        if (edge.target.name === state.name) {
          const inc = selfIncrease(ignores, takes);
          if (inc === 0 && edge.target === state && !reused) {
            // the branch stays exactly as it was
            results[this.resultCount++] = cs;
            reused = true;
            continue;
          }
          this.add(buffer, edge.target, cs.prev, increase(cs.version, inc), cs.startEvent);
        } else {
          const version = addStage(increase(cs.version, takesToSkip + ignoresToVisit));
          ignoresToVisit--;
          this.add(buffer, edge.target, cs.prev, version, cs.startEvent);
        }
      } else {
        const current = increase(cs.version, takesToVisit);
        const nextVersion = addStage(current);
        takesToVisit--;
        const step = edge.source.step;
        const entry = buffer.put(step, event, cs.prev, current, this.stepNodes[step]);
        this.stepNodes[step] = entry;
        this.stepNodesUsed = true;
        const startEvent = isStart ? event : cs.startEvent;
        this.add(buffer, edge.target, entry, nextVersion, startEvent);
        const fin = this.finalAfterProceed(edge.target);
        if (fin !== null) this.add(buffer, fin, entry, nextVersion, startEvent);
      }
    }
    this.clearEdges();

    if (isStart) {
      const inc = selfIncrease(ignores, takes);
      results[this.resultCount++] = inc === 0 ? cs : this.startBranch(increase(cs.version, inc));
    } else if (!reused && cs.prev !== null) {
      buffer.release(cs.prev, cs.version);
    }
  }

  private add(
    buffer: SharedBuffer,
    state: State,
    prev: Node | null,
    version: Dewey,
    startEvent: BufferedEvent | null,
  ): void {
    this.results[this.resultCount++] = { state, prev, version, startEvent };
    if (prev !== null) buffer.lock(prev, version);
  }

  /** NFA.createDecisionGraph: follow PROCEED edges depth first, collect TAKE and IGNORE edges. */
  private decisionGraph(state: State): void {
    const edges = this.edges;
    const stack = this.stack;
    let takes = 0;
    let ignores = 0;
    let depth = 0;
    stack[depth++] = state;
    while (depth > 0) {
      const s = stack[--depth];
      const ts = s.transitions;
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i];
        if (!evalCond(t.cond, this.preds, this.ctx)) continue;
        if (t.action === Action.Proceed) {
          stack[depth++] = t.target;
          continue;
        }
        if (t.action === Action.Take) takes++;
        else if (t.target.name !== state.name) ignores++;
        edges[this.edgeCount++] = t;
      }
    }
    this.takes = takes;
    this.ignores = ignores;
  }

  /** NFA.findFinalStateAfterProceed: a state reached by a TAKE that can proceed to the end. */
  private finalAfterProceed(state: State): State | null {
    const stack = this.stack;
    let depth = 0;
    stack[depth++] = state;
    while (depth > 0) {
      const s = stack[--depth];
      const ts = s.transitions;
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i];
        if (t.action !== Action.Proceed || !evalCond(t.cond, this.preds, this.ctx)) continue;
        if (t.target.isFinal) return t.target;
        stack[depth++] = t.target;
      }
    }
    return null;
  }

  /** The start branch at `version`, shared while the table is small (versions are interned). */
  private startBranch(version: Dewey): ComputationState {
    let b = this.starts.get(version);
    if (b === undefined) {
      b = startState(this.automaton.start, version);
      // a version past the intern caps is a new object each time: no other key would find it
      if (version.interned && this.starts.size < MAX_SHARED_STARTS) this.starts.set(version, b);
    }
    return b;
  }

  private clearEdges(): void {
    this.edgeCount = 0;
  }

  /** Adds a branch to the next branch list, in java.util.PriorityQueue order. */
  private offerNext(cs: ComputationState): void {
    heapOfferAt(this.spare, this.spareCount++, cs, compareByStart);
  }

  /**
   * The next branch list in an array with no spare capacity: `old` itself when it has the same
   * length (most events leave a key's branch count as it was), else a new one.
   */
  private takeNext(old: ComputationState[]): ComputationState[] {
    const n = this.spareCount;
    const spare = this.spare;
    const out = old.length === n ? old : new Array<ComputationState>(n);
    for (let i = 0; i < n; i++) {
      out[i] = spare[i];
      spare[i] = DROPPED;
    }
    this.spareCount = 0;
    return out;
  }
}

/** start branches shared per automaton, at most (a key starts few branches before it goes idle) */
const MAX_SHARED_STARTS = 1024;

/** What a scratch slot holds once read: the scratch must not keep branches alive. */
const DROPPED: ComputationState = startState(new State(-1, '(dropped)', -1, StateType.Normal), INITIAL_VERSION);

function selfIncrease(ignores: number, takes: number): number {
  return takes === 0 && ignores === 0 ? 0 : ignores + Math.max(1, takes);
}

function orderCompleted(a: Completed, b: Completed): number {
  return compareByStart(a.cs, b.cs) || compareMatches(a.lists, b.lists);
}

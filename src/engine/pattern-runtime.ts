// One pattern rule over all its keys: filter, key, per-key automaton run state, prior, timeouts,
// and turning matches into alerts. Events arrive in event-time order (the source's queue sees
// to that); time advances per key exactly as Flink's CepOperator does it: before the events of
// time t, the key's clock goes to t; after a watermark, keys with due deadlines go to it.

import type { EvalScope } from '../lang/expr/scope';
import type { BufferedEvent } from './nfa/buffered-event';
import { compareByStart } from './nfa/computation-state';
import { heapRemoveIf } from './nfa/java-priority-queue';
import { DeadlineHeap } from './deadline-heap';
import { type KeyRunState, Nfa, type NfaOutput } from './nfa/nfa';
import type { StepLists } from './nfa/shared-buffer';
import {
  type RunStateJson,
  type RunStateJsonV1,
  decodeRunState,
  encodeRunState,
  storedNextDeadline,
  storedOpenCount,
} from './nfa/run-state-codec';
import type { EngineOutput, SourceEvent } from './output';
import type { PriorState } from './prior';
import type { PatternRule } from './rule';
import { type AlertInput, firstEventTime, lastEvent, patternAlert } from './pattern-alert';
import type { SourceRule } from './source-runtime';
import { KeyedRuntime, type RuleCounters, newCounters } from './keyed-entries';
import { type SuppressState, Suppressor, suppressorFor } from './suppress';
import type { Alert } from './alert';
import { KeyEntry } from './pattern-key-entry';

/** One key of a pattern rule, as snapshots and stores keep it. */
export interface PatternKeyJson {
  k: unknown;
  pt: string;
  c: number | null;
  sl: number | null;
  p: PriorState | null;
  r: [string, number][] | null;
  /** the automaton run state; first-format state (stored by an earlier release) is still read */
  run: RunStateJson | RunStateJsonV1 | null;
  /** `suppress`: the key's suppression window (absent in state written before it was kept) */
  s?: SuppressState | null;
}

interface Held {
  kind: 'match' | 'timeout';
  lists: StepLists;
  end: number;
  first: { time: number } | null;
  prior?: PriorState | null;
}

export class PatternRuntime extends KeyedRuntime<KeyEntry> implements SourceRule {
  readonly name: string;
  readonly counters: RuleCounters = newCounters();
  private readonly deadlines = new DeadlineHeap<KeyEntry>();
  private readonly nfa: Nfa;
  private readonly scope: EvalScope;
  private readonly windowTime: number;
  /** scratch for onWatermark (slots cleared once read) */
  private readonly due: (KeyEntry | null)[] = [];
  private current: KeyEntry | null = null;
  /** results of the advance under way, put in order before they go out */
  private readonly held: (Held | null)[] = [];
  private heldCount = 0;
  /** true while an advance runs: its results wait in `held` (slots cleared once flushed) */
  private holding = false;
  private readonly sink: NfaOutput;
  private readonly suppressor: Suppressor | null;
  /** the source's watermark as last reported */
  private watermark = -Infinity;
  /**
   * no per-event key state besides the automaton's (prior, session activity), so an event the
   * automaton ignores can be skipped
   */
  private readonly skipsIgnored: boolean;

  constructor(
    readonly rule: PatternRule,
    private readonly output: EngineOutput,
    private readonly clock: () => number,
  ) {
    super();
    this.name = rule.name;
    this.scope = rule.scope;
    this.windowTime = rule.automaton.windowTime;
    this.suppressor = suppressorFor(rule.suppress, false, 0);
    this.skipsIgnored = rule.prior === null && rule.sessionGap === null;
    this.nfa = new Nfa(rule.automaton, rule.predicates, rule.skip, rule.scope, rule.timeoutEmit !== null);
    const prior = rule.prior;
    if (prior !== null && rule.skip.isSkip && rule.emitReadsPrior) {
      this.nfa.capture = () => prior.copy((this.current as KeyEntry).prior as PriorState);
    }
    this.sink = {
      match: (lists, first, context) => this.onMatch(lists, first, context),
      timeout: (lists, end, first) => this.onTimeout(lists, end, first),
    };
  }

  /** open partial matches over all keys */
  get openPartialMatches(): number {
    let n = 0;
    for (const e of this.keys.values()) {
      if (e.stored !== null) n += storedOpenCount(e.stored);
      else if (e.run !== null) n += e.run.openCount;
    }
    return n;
  }

  // ---- state export / import (snapshots, stores) ----------------------------------------------

  /**
   * One key's state as plain JSON, or null when the rule holds nothing for it. It shares nothing
   * mutable with the running engine (event values are never mutated), so it may be serialised
   * later, after more events.
   */
  exportKey(text: string): PatternKeyJson | null {
    const e = this.keys.get(text);
    if (e === undefined) return null;
    return {
      k: e.key,
      pt: e.partition,
      c: finiteOrNull(e.clock),
      sl: finiteOrNull(e.sessionLast),
      // a copy: the live prior state changes in place with the next event
      p: e.prior === null || this.rule.prior === null ? null : this.rule.prior.copy(e.prior),
      r: e.reported === null ? null : [...e.reported],
      // stored state is never changed in place: it is exported as it came
      run: e.stored !== null ? e.stored : e.run === null ? null : encodeRunState(e.run),
      s: Suppressor.copy(e.sup),
    };
  }

  importKey(text: string, json: PatternKeyJson): void {
    const e = new KeyEntry(text, json.k, json.pt ?? '');
    e.clock = json.c ?? -Infinity;
    // only session rules keep it (state written before that has it for every rule)
    if (this.rule.sessionGap !== null) e.sessionLast = json.sl ?? -Infinity;
    e.prior = json.p;
    e.reported = json.r === null ? null : new Map(json.r);
    const run = json.run;
    if (run !== null && 'f' in run) e.stored = run;
    else if (run !== null) e.run = decodeRunState(run, this.rule.automaton, e);
    e.sup = Suppressor.copy(json.s ?? null);
    this.keys.loaded(e);
    this.settle(e);
  }

  /** Takes over another runtime's keys (hot reload of a rule whose automaton and key are unchanged). */
  adoptKeys(from: PatternRuntime): void {
    for (const text of from.keyTexts()) {
      const json = from.exportKey(text);
      if (json !== null) this.importKey(text, json);
    }
  }

  onEvent(ev: SourceEvent): void {
    const rule = this.rule;
    const k = rule.keyOf(ev.value);
    const scope = this.scope;
    scope.event = ev.value;
    scope.time = ev.time;
    scope.key = k.value === undefined ? null : k.value;
    scope.steps = null;
    scope.prior = null;
    if (rule.filter !== null && rule.filter(scope) !== true) return;
    if (k.value === undefined) {
      this.counters.dropped++;
      // never silently lost (LANGUAGE.md 4): counted, and dead-lettered with the reason
      const r = this.rule;
      this.output.deadLetter({ reason: 'no-key', source: r.source, rule: r.name, pos: ev.pos, value: ev.value });
      return;
    }
    this.counters.events++;
    // an event the automaton only ignores changes no key: not even worth finding the key's
    // entry. A deadline of the key that the event's time reached is met by the watermark that
    // releases the event, in the same step, instead of before it
    if (this.skipsIgnored && this.nfa.passesOver(ev)) return;
    let entry = this.keys.get(k.text);
    // known to leave the start state: no need to ask the automaton again below
    let starts = false;
    if (entry === undefined) {
      // a key with nothing open and no prior state: most events change nothing for it
      if (rule.prior === null) {
        if (this.nfa.startIgnores(ev)) return;
        starts = true;
      }
      entry = new KeyEntry(k.text, k.value, ev.partition);
      if (rule.prior !== null) entry.prior = rule.prior.newState();
      this.keys.set(entry);
    }
    this.current = entry;
    this.keys.changed(entry);
    if (entry.stored !== null) this.thaw(entry);
    this.advanceKey(entry, ev.time);
    // an event more than the gap after the previous one opens a new session
    this.endSessionIfOver(entry, ev.time, false);
    scope.key = entry.key;
    scope.prior = rule.prior !== null ? rule.prior.view(entry.prior as PriorState) : null;
    if (entry.run === null) {
      if (!starts && this.nfa.startIgnores(ev)) {
        this.afterEvent(entry, ev);
        return;
      }
      this.nfa.begin(entry);
      entry.run = entry;
    }
    this.nfa.process(entry.run, ev, this.sink);
    this.enforceMaxPartial(entry.run);
    this.afterEvent(entry, ev);
  }

  private afterEvent(entry: KeyEntry, ev: SourceEvent): void {
    // only session rules read it: other keys need no room for it
    if (this.rule.sessionGap !== null) entry.sessionLast = ev.time;
    const prior = this.rule.prior;
    if (prior !== null) prior.update(entry.prior as PriorState, ev.value, ev.time, entry.key);
    this.settle(entry);
  }

  /** Pattern rules drop late events (LANGUAGE.md 7): counted, and dead-lettered by the source. */
  onLate(): boolean {
    this.counters.late++;
    return false;
  }

  /** The watermark reached `w`: advance every key that has something due by then. */
  onWatermark(w: number): void {
    if (w > this.watermark) this.watermark = w;
    const due = this.due;
    const n = this.deadlines.takeDue(w, due);
    for (let i = 0; i < n; i++) {
      const entry = due[i] as KeyEntry;
      due[i] = null;
      // a key forgotten since it was queued has nothing left to advance
      if (!this.keys.isCurrent(entry)) continue;
      this.current = entry;
      this.keys.changed(entry);
      if (entry.stored !== null) this.thaw(entry);
      this.advanceKey(entry, w, true);
      this.endSessionIfOver(entry, w, true);
      this.settle(entry);
    }
  }

  /** `due`: the key came off the deadline heap, so something may time out by `time`. */
  private advanceKey(entry: KeyEntry, time: number, due = false): void {
    if (time <= entry.clock) return;
    entry.clock = time;
    const run = entry.run;
    // nothing times out before the key's deadline, and nothing is held back: a no-op
    if (run === null || (!due && time < entry.scheduled && run.completed === null)) return;
    this.scope.key = entry.key;
    this.scope.prior = this.rule.prior !== null ? this.rule.prior.view(entry.prior as PriorState) : null;
    // one advance may both time out branches and complete pending matches: timeouts go out
    // first (LANGUAGE.md 5.6), but none whose events the same advance emitted as a match
    this.holding = true;
    this.nfa.advanceTime(run, time, this.sink);
    this.flushHeld();
    if (entry.reported !== null) {
      for (const [sig, expiry] of entry.reported) if (expiry <= time && expiry !== Infinity) entry.reported.delete(sig);
    }
  }

  /**
   * `within session gap D` (LANGUAGE.md 9): once the key has been quiet for D (the watermark at
   * last + D, or an event later than that), every open partial match of the session is dropped.
   */
  private endSessionIfOver(entry: KeyEntry, time: number, inclusive: boolean): void {
    const gap = this.rule.sessionGap;
    const run = entry.run;
    if (gap === null || run === null || run.openCount === 0) return;
    const end = entry.sessionLast + gap;
    if (inclusive ? time < end : time <= end) return;
    this.holding = true;
    this.nfa.dropOpen(run, end, this.sink);
    this.flushHeld();
  }

  private thaw(entry: KeyEntry): void {
    entry.run = decodeRunState(entry.stored as RunStateJson, this.rule.automaton, entry);
    entry.stored = null;
  }

  /** Reschedules the key, or forgets it when nothing of it is left. */
  private settle(entry: KeyEntry): void {
    if (entry.stored !== null) {
      this.scheduleStored(entry, entry.stored);
      return;
    }
    entry.compact();
    const run = entry.run;
    if (run !== null && run.isIdle) {
      run.clear();
      entry.run = null;
    }
    if (entry.run === null) {
      // with no branch left, no timeout can repeat a reported match
      entry.reported = null;
      // a live suppression keeps the key until it can drop nothing more
      const sup = this.suppressor !== null && this.suppressor.live(entry, this.watermark);
      if (sup) this.deadlines.schedule(entry, (this.suppressor as Suppressor).expiry(entry.sup as SuppressState));
      else if (entry.prior === null) this.keys.forget(entry);
      return;
    }
    // held-back matches may be freed by any later advance: look again at the next watermark
    let next = entry.run.completed !== null ? entry.clock + 1 : entry.run.nextDeadline(this.windowTime);
    const gap = this.rule.sessionGap;
    if (gap !== null && entry.run.openCount > 0 && entry.sessionLast + gap < next) next = entry.sessionLast + gap;
    if (Number.isFinite(next)) this.deadlines.schedule(entry, next);
  }

  /** A restored key not decoded yet: its deadline read off the stored state, as settle computes it. */
  private scheduleStored(entry: KeyEntry, stored: RunStateJson): void {
    let next = stored.done !== null && stored.done.length > 0 ? entry.clock + 1 : storedNextDeadline(stored, this.windowTime);
    const gap = this.rule.sessionGap;
    if (gap !== null && entry.sessionLast + gap < next && storedOpenCount(stored) > 0) next = entry.sessionLast + gap;
    if (Number.isFinite(next)) this.deadlines.schedule(entry, next);
  }

  private alertInput(entry: KeyEntry, lists: StepLists, last: BufferedEvent, priorThen: PriorState | null): AlertInput {
    const prior = this.rule.prior;
    return {
      rule: this.rule,
      scope: this.scope,
      keyText: entry.text,
      key: entry.key,
      lists,
      last,
      prior: prior === null ? null : prior.view((priorThen ?? entry.prior) as PriorState),
      detectedAt: this.clock(),
    };
  }

  private flushHeld(): void {
    this.holding = false;
    const held = this.held;
    const n = this.heldCount;
    if (n === 0) return;
    this.heldCount = 0;
    for (let i = 0; i < n; i++) {
      const h = held[i] as Held;
      if (h.kind === 'timeout') this.reportTimeout(h.lists, h.end, h.first);
    }
    for (let i = 0; i < n; i++) {
      const h = held[i] as Held;
      held[i] = null;
      if (h.kind === 'match') this.reportMatch(h.lists, h.prior ?? null);
    }
  }

  private enforceMaxPartial(run: KeyRunState): void {
    const excess = run.openCount - this.rule.maxPartial;
    if (excess <= 0) return;
    const open = run.partial.filter((cs) => cs.startEvent !== null).sort(compareByStart);
    const doomed = new Set(open.slice(0, excess));
    for (const cs of doomed) run.buffer.release(cs.prev, cs.version);
    heapRemoveIf(run.partial, (cs) => doomed.has(cs), compareByStart);
    this.counters.dropped += doomed.size;
  }

  // ---- alerts ---------------------------------------------------------------------------------

  private onMatch(lists: StepLists, first: { time: number } | null, context: unknown): void {
    const entry = this.current as KeyEntry;
    // only timeouts are deduplicated against matches: without `on timeout emit` nothing to remember
    if (this.rule.timeoutEmit !== null && first !== null && (this.windowTime > 0 || this.rule.sessionGap !== null)) {
      // a session-scoped branch can outlive any fixed time: keep it until the key goes idle
      this.remember(entry, signature(lists), this.windowTime > 0 ? first.time + this.windowTime : Infinity);
    }
    const prior = context === undefined ? null : (context as PriorState);
    if (this.holding) this.held[this.heldCount++] = { kind: 'match', lists, end: 0, first, prior };
    else this.reportMatch(lists, prior);
  }

  private reportMatch(lists: StepLists, priorThen: PriorState | null = null): void {
    const entry = this.current as KeyEntry;
    this.counters.matches++;
    const last = lastEvent(lists);
    if (last === null) return;
    const start = firstEventTime(lists);
    this.send(entry, patternAlert(this.alertInput(entry, lists, last, priorThen), 'match', start, last.time, this.rule.emit));
  }

  private onTimeout(lists: StepLists, end: number, first: { time: number } | null): void {
    if (this.holding) this.held[this.heldCount++] = { kind: 'timeout', lists, end, first };
    else this.reportTimeout(lists, end, first);
  }

  private reportTimeout(lists: StepLists, end: number, first: { time: number } | null): void {
    const entry = this.current as KeyEntry;
    const sig = signature(lists);
    if (entry.reported !== null && entry.reported.has(sig)) return;
    this.remember(entry, sig, first !== null ? first.time + this.windowTime : end);
    const last = lastEvent(lists);
    if (last === null || this.rule.timeoutEmit === null) return;
    this.counters.timeouts++;
    const start = firstEventTime(lists);
    this.send(entry, patternAlert(this.alertInput(entry, lists, last, null), 'timeout', start, end, this.rule.timeoutEmit));
  }

  private send(entry: KeyEntry, alert: Alert): void {
    if (this.suppressor === null || this.suppressor.admit(entry, alert)) this.output.alert(alert);
  }

  private remember(entry: KeyEntry, sig: string, expiry: number): void {
    if (entry.reported === null) entry.reported = new Map();
    entry.reported.set(sig, expiry);
  }
}

/** JSON has no -Infinity: "never" is stored as null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function signature(lists: StepLists): string {
  let s = '';
  for (let i = 0; i < lists.length; i++) {
    if (lists[i].length === 0) continue;
    s += `${i}:`;
    for (const e of lists[i]) s += `${e.arrival},`;
    s += '|';
  }
  return s;
}

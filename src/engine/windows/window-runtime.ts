// One window rule over all its keys: filter, key, the aggregate arguments of each event, the
// per-key window state, and firing. Keys wait in a deadline heap ordered by the next watermark
// at which one of their windows fires or is freed, so a watermark advance touches only those.
// A key whose last window is freed is forgotten.

import { type KeyedEntry, KeyedRuntime, type RuleCounters, newCounters } from '../keyed-entries';
import type { RuleRuntime } from '../engine';
import { DeadlineHeap, type Scheduled } from '../deadline-heap';
import type { EngineOutput, SourceEvent } from '../output';
import type { SourceRule } from '../source-runtime';
import { AGGREGATES, type AggregateKind } from './accumulators';
import type { AccRow } from './acc-row';
import { FixedWindows } from './fixed-windows';
import type { KeyWindowState } from './key-state';
import { SessionWindows } from './session-windows';
import { WindowAlerts } from './window-alert';
import type { Fire, WindowInput, WindowLogic } from './window-logic';
import type { WindowRule } from './window-rule';
import { type SuppressState, type Suppressible, Suppressor, suppressorFor } from '../suppress';

/** One key of a window rule, as snapshots and stores keep it. */
export interface WindowKeyJson {
  k: unknown;
  pt: string;
  w: number | null;
  state: KeyWindowState;
  /** `suppress`: the key's suppression window (absent in state written before it was kept) */
  s?: SuppressState | null;
}

class KeyEntry implements Scheduled, KeyedEntry, Suppressible {
  scheduled = Infinity;
  /** not stored yet (see KeyedEntry.gone) */
  gone = true;
  sup: SuppressState | null = null;

  constructor(
    readonly text: string,
    readonly key: unknown,
    readonly state: KeyWindowState,
    /** the source partition the key's events come from */
    readonly partition: string,
  ) {}
}

export class WindowRuntime extends KeyedRuntime<KeyEntry> implements SourceRule, RuleRuntime {
  readonly name: string;
  /**
   * Asks the source for on-time events as they arrive, as Flink's WindowOperator takes them,
   * rather than in event-time order once the watermark passes them. It matters for sessions: an
   * event at exactly a session's end joins it (windows touch), so it must reach the rule before
   * its own watermark (end - 1) fires that session. Every other result is the same either way.
   */
  readonly takesArrivals = true;
  readonly counters: RuleCounters = newCounters();
  private readonly deadlines = new DeadlineHeap<KeyEntry>();
  private readonly logic: WindowLogic<KeyWindowState>;
  private readonly alerts: WindowAlerts;
  private readonly values: unknown[];
  /** scratch for onWatermark (slots cleared once read) */
  private readonly due: (KeyEntry | null)[] = [];
  /** the source's watermark as last reported; an event at or below it is late */
  private watermark = -Infinity;
  private current: KeyEntry | null = null;
  private readonly fire: Fire;
  private readonly suppressor: Suppressor | null;

  constructor(
    readonly rule: WindowRule,
    private readonly output: EngineOutput,
    clock: () => number,
  ) {
    super();
    this.name = rule.name;
    const kinds: AggregateKind[] = rule.aggregates.map((a) => AGGREGATES[a.fn]);
    this.logic = logicFor(rule, kinds);
    this.alerts = new WindowAlerts(rule, kinds, clock);
    this.values = new Array(kinds.length).fill(null);
    this.suppressor = suppressorFor(rule.suppress, rule.lateness > 0, rule.lateness);
    this.fire = (start, end, acc, revision, anchor) => this.onFire(start, end, acc, revision, anchor);
  }

  /** windows held over all keys (reported where pattern rules report partial matches) */
  get openPartialMatches(): number {
    let n = 0;
    for (const e of this.keys.values()) n += this.logic.openWindows(e.state);
    return n;
  }

  /** The window state of a key (plain data), or undefined when the key holds none. */
  stateOf(keyText: string): KeyWindowState | undefined {
    return this.keys.get(keyText)?.state;
  }

  onEvent(ev: SourceEvent): void {
    this.take(ev);
  }

  // ---- state export / import (snapshots, stores) ----------------------------------------------

  exportKey(text: string): WindowKeyJson | null {
    const e = this.keys.get(text);
    if (e === undefined) return null;
    // a deep copy: the live accumulators change in place with the next event
    const state = structuredClone(e.state);
    return { k: e.key, pt: e.partition, w: Number.isFinite(this.watermark) ? this.watermark : null, state, s: Suppressor.copy(e.sup) };
  }

  importKey(text: string, json: WindowKeyJson): void {
    const e = new KeyEntry(text, json.k, json.state, json.pt ?? '');
    e.sup = Suppressor.copy(json.s ?? null);
    if (json.w !== null && json.w > this.watermark) this.watermark = json.w;
    this.keys.loaded(e);
    this.settle(e);
  }

  /**
   * An event at or below the watermark: still aggregated into every window of it within the
   * allowed lateness. Unused, it is late (dead-lettered) when Flink would count it so: when
   * time + lateness <= watermark (an event between sliding windows is not late, just unused).
   */
  onLate(ev: SourceEvent): boolean {
    if (this.take(ev) !== 'unused') return true;
    if (ev.time + this.rule.lateness > this.watermark) return true;
    this.counters.late++;
    return false;
  }

  onWatermark(w: number): void {
    if (w > this.watermark) this.watermark = w;
    const due = this.due;
    const n = this.deadlines.takeDue(this.watermark, due);
    for (let i = 0; i < n; i++) {
      const entry = due[i] as KeyEntry;
      due[i] = null;
      // a key forgotten (and perhaps recreated) since it was queued has nothing due
      if (!this.keys.isCurrent(entry)) continue;
      this.current = entry;
      this.keys.changed(entry);
      this.logic.advance(entry.state, this.watermark, this.fire);
      this.settle(entry);
    }
    this.current = null;
  }

  /** Filter, key, arguments, then into the key's windows. */
  private take(ev: SourceEvent): 'used' | 'unused' | 'ignored' {
    const rule = this.rule;
    const k = rule.keyOf(ev.value);
    const scope = rule.scope;
    scope.event = ev.value;
    scope.time = ev.time;
    scope.key = k.value === undefined ? null : k.value;
    scope.aggs = null;
    if (rule.filter !== null && rule.filter(scope) !== true) return 'ignored';
    if (k.value === undefined) {
      this.counters.dropped++;
      // never silently lost (LANGUAGE.md 4): counted, and dead-lettered with the reason
      const r = this.rule;
      this.output.deadLetter({ reason: 'no-key', source: r.source, rule: r.name, pos: ev.pos, value: ev.value });
      return 'ignored';
    }
    this.counters.events++;
    const input = this.input(ev);
    scope.event = null; // do not keep the event alive through the scope
    let entry = this.keys.get(k.text);
    const fresh = entry === undefined;
    if (entry === undefined) entry = new KeyEntry(k.text, k.value, this.logic.newState(), ev.partition);
    this.current = entry;
    const used = this.logic.add(entry.state, input, this.watermark, this.fire);
    this.current = null;
    if (fresh && used) this.keys.set(entry);
    if (used) {
      this.keys.changed(entry);
      this.settle(entry);
    }
    return used ? 'used' : 'unused';
  }

  private input(ev: SourceEvent): WindowInput {
    const aggs = this.rule.aggregates;
    const values = this.values;
    for (let i = 0; i < aggs.length; i++) {
      const arg = aggs[i].arg;
      values[i] = arg === null ? null : arg(this.rule.scope);
    }
    return { values, time: ev.time, arrival: ev.arrival };
  }

  /**
   * Queues the key for its next due watermark, or forgets it when it holds no window and no
   * live suppression.
   */
  private settle(entry: KeyEntry): void {
    const open = this.logic.openWindows(entry.state) > 0;
    const sup = this.suppressor !== null && this.suppressor.live(entry, this.watermark);
    if (!open && !sup) {
      this.keys.forget(entry);
      return;
    }
    let next = open ? this.logic.nextDue(entry.state) : Infinity;
    if (sup) next = Math.min(next, (this.suppressor as Suppressor).expiry(entry.sup as SuppressState));
    if (Number.isFinite(next)) this.deadlines.schedule(entry, next);
  }

  private onFire(start: number, end: number, acc: AccRow, revision: number, anchor: string): void {
    const entry = this.current as KeyEntry;
    const alert = this.alerts.build(entry, start, end, acc, revision, anchor);
    if (alert === null) return;
    this.counters.matches++;
    if (this.suppressor === null || this.suppressor.admit(entry, alert)) this.output.alert(alert);
  }
}

function logicFor(rule: WindowRule, kinds: readonly AggregateKind[]): WindowLogic<KeyWindowState> {
  const a = rule.assigner;
  const logic =
    a.kind === 'session'
      ? new SessionWindows(a.gap, rule.lateness, kinds)
      : new FixedWindows(a.size, a.kind === 'sliding' ? a.slide : a.size, rule.lateness, kinds);
  return logic as WindowLogic<KeyWindowState>;
}

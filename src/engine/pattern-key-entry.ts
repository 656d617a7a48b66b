// One key of a pattern rule: its automaton run state and the bookkeeping around it. A rule can
// hold a great many keys, so the entry keeps only what every key needs; what few keys have
// (state restored but not decoded, a suppression window, prior aggregates, session activity,
// reported signatures) lives in a side object made on first use and dropped once empty.

import type { KeyedEntry } from './keyed-entries';
import type { Scheduled } from './deadline-heap';
import { KeyRunState } from './nfa/nfa';
import type { RunStateJson } from './nfa/run-state-codec';
import type { PriorState } from './prior';
import type { SuppressState, Suppressible } from './suppress';

class KeyExtras {
  stored: RunStateJson | null = null;
  sup: SuppressState | null = null;
  prior: PriorState | null = null;
  sessionLast = -Infinity;
  reported: Map<string, number> | null = null;

  get isEmpty(): boolean {
    return this.stored === null && this.sup === null && this.prior === null && this.sessionLast === -Infinity && this.reported === null;
  }
}

/** The entry is its own automaton run state (`run` points back at it while the key has one). */
export class KeyEntry extends KeyRunState implements Scheduled, KeyedEntry, Suppressible {
  scheduled = Infinity;
  /** not stored yet (see KeyedEntry.gone) */
  gone = true;
  run: KeyRunState | null = null;
  /** the time this key's automaton was last advanced to */
  clock = -Infinity;
  private x: KeyExtras | null = null;

  constructor(
    readonly text: string,
    readonly key: unknown,
    /** the source partition the key's events come from */
    readonly partition: string,
  ) {
    super();
  }

  /**
   * Restored run state not decoded yet: a key is decoded when an event, a deadline or a move
   * first needs it, so a restore of a million partial matches only parses them.
   */
  get stored(): RunStateJson | null {
    return this.x === null ? null : this.x.stored;
  }

  set stored(v: RunStateJson | null) {
    if (v !== null || this.x !== null) this.extras().stored = v;
  }

  get sup(): SuppressState | null {
    return this.x === null ? null : this.x.sup;
  }

  set sup(v: SuppressState | null) {
    if (v !== null || this.x !== null) this.extras().sup = v;
  }

  get prior(): PriorState | null {
    return this.x === null ? null : this.x.prior;
  }

  set prior(v: PriorState | null) {
    if (v !== null || this.x !== null) this.extras().prior = v;
  }

  /** `within session gap`: time of the key's last event (after filter); kept by session rules only */
  get sessionLast(): number {
    return this.x === null ? -Infinity : this.x.sessionLast;
  }

  set sessionLast(v: number) {
    if (v !== -Infinity || this.x !== null) this.extras().sessionLast = v;
  }

  /** signatures of matches and timeouts already reported, with the time they stop mattering */
  get reported(): Map<string, number> | null {
    return this.x === null ? null : this.x.reported;
  }

  set reported(v: Map<string, number> | null) {
    if (v !== null || this.x !== null) this.extras().reported = v;
  }

  /** Drops the side object once nothing is in it (after a restored key is decoded, say). */
  compact(): void {
    if (this.x !== null && this.x.isEmpty) this.x = null;
  }

  private extras(): KeyExtras {
    if (this.x === null) this.x = new KeyExtras();
    return this.x;
  }
}

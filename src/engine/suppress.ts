// `suppress D` (LANGUAGE.md 4): after an emitted alert for a key, further alerts of the rule for
// that key whose `end` is less than D after that alert's `end` are dropped. A re-firing of an
// alert already emitted (same id: a window's late revision) is not a further alert, even after
// newer alerts of the key.
// The state lives on the rule's key entry, so it is exported, stored and moved with the key's
// other state: a suppression window in progress survives a restore or a partition move.

import type { Alert } from './alert';

/** A key's suppression, as plain JSON. */
export interface SuppressState {
  /** end of the last alert that went out */
  end: number;
  /** ids of alerts that went out, oldest first; null for rules that never re-fire an alert */
  ids: string[] | null;
}

export interface Suppressible {
  sup: SuppressState | null;
}

/** Emitted ids remembered per key, for re-firings; the oldest go first. */
const IDS_PER_KEY = 64;

export class Suppressor {
  constructor(
    private readonly windowMs: number,
    /** the rule re-fires alerts under the same id (a window rule with allowed lateness) */
    private readonly refires: boolean,
    /** how far below the watermark a new alert's end can still be (a window rule's lateness) */
    private readonly lateness: number,
  ) {}

  /** True when `a` goes out; the key's state then records it. */
  admit(entry: Suppressible, a: Alert): boolean {
    const s = entry.sup;
    if (s === null) {
      entry.sup = { end: a.end, ids: this.refires ? [a.id] : null };
      return true;
    }
    if (s.ids !== null && s.ids.includes(a.id)) return true;
    if (a.end - s.end < this.windowMs) return false;
    s.end = a.end;
    if (s.ids !== null) {
      s.ids.push(a.id);
      if (s.ids.length > IDS_PER_KEY) s.ids.shift();
    }
    return true;
  }

  /**
   * The watermark from which the state can drop nothing more: every alert still to come ends
   * after the watermark less the lateness, so at or past D after the last end.
   */
  expiry(s: SuppressState): number {
    return s.end + this.windowMs + this.lateness;
  }

  /** Clears an entry's suppression once `watermark` has passed its expiry; true while it lives. */
  live(entry: Suppressible, watermark: number): boolean {
    const s = entry.sup;
    if (s === null) return false;
    if (this.expiry(s) <= watermark) {
      entry.sup = null;
      return false;
    }
    return true;
  }

  static copy(s: SuppressState | null): SuppressState | null {
    return s === null ? null : { end: s.end, ids: s.ids === null ? null : s.ids.slice() };
  }
}

export function suppressorFor(windowMs: number | null, refires: boolean, lateness: number): Suppressor | null {
  return windowMs === null ? null : new Suppressor(windowMs, refires, lateness);
}

// Session windows of one key, as Flink's WindowOperator runs EventTimeSessionWindows through its
// MergingWindowSet with EventTimeTrigger:
// - each event opens [t, t + gap); sessions that overlap or touch it (TimeWindow.intersects is
//   inclusive) merge with it into their cover, accumulators merged;
// - an event inside one session without extending it changes no bounds (no merge);
// - an event that opens a session of its own which is already late is dropped;
// - a session fires when the watermark reaches end - 1; a change to a session whose end - 1 the
//   watermark already passed fires it at once (Flink: onMerge registers no timer then, and
//   onElement returns FIRE);
// - a merged session carries the alert id of the earliest-starting fired session in it, and the
//   highest revision among its parts, so its next firing is a revision above all of them;
// - a session is freed when the watermark reaches end - 1 + lateness.

import type { AggregateKind } from './accumulators';
import { addToRow, mergeRow, newRow } from './acc-row';
import type { Session, SessionKeyState } from './key-state';
import type { Fire, WindowInput, WindowLogic } from './window-logic';

export class SessionWindows implements WindowLogic<SessionKeyState> {
  constructor(
    private readonly gap: number,
    private readonly lateness: number,
    private readonly kinds: readonly AggregateKind[],
  ) {}

  newState(): SessionKeyState {
    return { windows: [] };
  }

  add(state: SessionKeyState, input: WindowInput, w: number, fire: Fire): boolean {
    const sessions = state.windows;
    const lo = input.time;
    const hi = input.time + this.gap;
    // sessions are sorted and apart, so those touching [lo, hi] are one run [i, j); searched
    // from the latest end, where most events land
    let j = sessions.length;
    while (j > 0 && sessions[j - 1].start > hi) j--;
    let i = j;
    while (i > 0 && sessions[i - 1].end >= lo) i--;
    let target: Session;
    if (i === j) {
      if (this.cleanupTime(hi) <= w) return false;
      target = { start: lo, end: hi, acc: newRow(this.kinds), rev: -1, anchor: null, pending: false };
      sessions.splice(i, 0, target);
    } else if (j - i === 1 && sessions[i].start <= lo && sessions[i].end >= hi) {
      target = sessions[i];
    } else {
      // the merged session ends no earlier than a live session, so it is never late itself
      target = this.merge(sessions, i, j, lo, hi, w);
    }
    addToRow(this.kinds, target.acc, input.values, input.time, input.arrival);
    if (target.end - 1 <= w) this.fireSession(target, fire);
    else target.pending = true;
    return true;
  }

  advance(state: SessionKeyState, w: number, fire: Fire): void {
    const sessions = state.windows;
    for (const s of sessions) {
      if (s.pending && s.end - 1 <= w) this.fireSession(s, fire);
    }
    // apart and sorted by start, sessions are sorted by end too: the freed ones are a prefix
    let n = 0;
    while (n < sessions.length && this.cleanupTime(sessions[n].end) <= w) n++;
    if (n > 0) sessions.splice(0, n);
  }

  nextDue(state: SessionKeyState): number {
    let next = Infinity;
    for (const s of state.windows) {
      const t = s.pending ? s.end - 1 : this.cleanupTime(s.end);
      if (t < next) next = t;
    }
    return next;
  }

  openWindows(state: SessionKeyState): number {
    return state.windows.length;
  }

  private cleanupTime(end: number): number {
    return end - 1 + this.lateness;
  }

  /** Replaces sessions [i, j) with their cover joined with [lo, hi). */
  private merge(sessions: Session[], i: number, j: number, lo: number, hi: number, w: number): Session {
    const first = sessions[i];
    const merged: Session = {
      start: Math.min(lo, first.start),
      end: Math.max(hi, sessions[j - 1].end),
      acc: first.acc,
      rev: first.rev,
      anchor: first.anchor,
      pending: false,
    };
    for (let k = i + 1; k < j; k++) {
      const s = sessions[k];
      mergeRow(this.kinds, merged.acc, s.acc);
      if (s.rev > merged.rev) merged.rev = s.rev;
      // parts come by start ascending: the first fired one names the merged session
      if (merged.anchor === null) merged.anchor = s.anchor;
    }
    // Flink's onMerge: a timer for the merged window only while the watermark is before its end
    merged.pending = merged.end - 1 > w;
    sessions.splice(i, j - i, merged);
    return merged;
  }

  private fireSession(s: Session, fire: Fire): void {
    s.rev++;
    s.pending = false;
    if (s.anchor === null) s.anchor = `${s.start}:${s.end}`;
    fire(s.start, s.end, s.acc, s.rev, s.anchor);
  }
}

// Tumbling and sliding windows of one key, as Flink's WindowOperator runs them with
// Tumbling/SlidingEventTimeWindows and EventTimeTrigger:
// - an event goes into every window [start, start + size) holding it, except windows already
//   late (end - 1 + lateness <= watermark), which Flink skips;
// - a window fires when the watermark reaches end - 1, or at once when a (late) event lands in a
//   window whose end - 1 the watermark already passed: a re-firing, or a first firing;
// - its state is freed when the watermark reaches end - 1 + lateness (Flink's cleanup timer).
// Events are aggregated per pane of width gcd(size, slide), so an event updates one accumulator
// row however many windows hold it; a firing window folds its panes.

import type { AggregateKind } from './accumulators';
import { type AccRow, addToRow, cloneRow, mergeRow, newRow } from './acc-row';
import { gcd, windowStart, windowStartsFor } from './assign';
import type { FixedKeyState, Pane, WindowMark } from './key-state';
import type { Fire, WindowInput, WindowLogic } from './window-logic';

export class FixedWindows implements WindowLogic<FixedKeyState> {
  private readonly paneSize: number;
  private readonly starts: number[] = [];
  private readonly found: { acc: AccRow; fresh: boolean } = { acc: [], fresh: false };

  constructor(
    private readonly size: number,
    private readonly slide: number,
    private readonly lateness: number,
    private readonly kinds: readonly AggregateKind[],
  ) {
    this.paneSize = gcd(size, slide);
  }

  newState(): FixedKeyState {
    return { windows: [], panes: [] };
  }

  add(state: FixedKeyState, input: WindowInput, w: number, fire: Fire): boolean {
    const starts = this.starts;
    const count = windowStartsFor(input.time, this.size, this.slide, starts);
    // latest window first, as Flink lists them: once one is late, every earlier one is too
    if (count === 0 || this.cleanupTime(starts[0]) <= w) return false;
    const pane = this.paneFor(state.panes, input.time);
    addToRow(this.kinds, pane.acc, input.values, input.time, input.arrival);
    // An existing pane's live windows all exist already (liveness only ever ends), and for an
    // on-time event none is due: nothing more to do on the common path.
    if (!pane.fresh && input.time > w) return true;
    for (let i = 0; i < count; i++) {
      const start = starts[i];
      if (this.cleanupTime(start) <= w) break;
      const mark = markFor(state.windows, start);
      if (start + this.size - 1 <= w) this.fireWindow(state, mark, fire);
      else mark.pending = true;
    }
    return true;
  }

  advance(state: FixedKeyState, w: number, fire: Fire): void {
    const marks = state.windows;
    for (const mark of marks) {
      if (mark.pending && mark.start + this.size - 1 <= w) this.fireWindow(state, mark, fire);
    }
    // marks and panes are sorted by start, so what can be freed is a prefix of each
    let m = 0;
    while (m < marks.length && this.cleanupTime(marks[m].start) <= w) m++;
    if (m > 0) marks.splice(0, m);
    const panes = state.panes;
    let p = 0;
    while (p < panes.length && this.cleanupTime(windowStart(panes[p].start, this.slide)) <= w) p++;
    if (p > 0) panes.splice(0, p);
  }

  nextDue(state: FixedKeyState): number {
    let next = Infinity;
    for (const mark of state.windows) {
      const t = mark.pending ? mark.start + this.size - 1 : this.cleanupTime(mark.start);
      if (t < next) next = t;
    }
    return next;
  }

  openWindows(state: FixedKeyState): number {
    return state.windows.length;
  }

  /** Flink's cleanupTime: the watermark at which the window can no longer change. */
  private cleanupTime(start: number): number {
    return start + this.size - 1 + this.lateness;
  }

  private fireWindow(state: FixedKeyState, mark: WindowMark, fire: Fire): void {
    mark.rev++;
    mark.pending = false;
    const end = mark.start + this.size;
    fire(mark.start, end, this.fold(state.panes, mark.start, end), mark.rev, `${mark.start}:${end}`);
  }

  /** The accumulators of [start, end): its one pane as is, or a merged copy of its panes. */
  private fold(panes: readonly Pane[], start: number, end: number): AccRow {
    let out: AccRow | null = null;
    let copied = false;
    for (const pane of panes) {
      if (pane.start < start) continue;
      if (pane.start >= end) break;
      if (out === null) out = pane.acc;
      else {
        if (!copied) {
          out = cloneRow(this.kinds, out);
          copied = true;
        }
        mergeRow(this.kinds, out, pane.acc);
      }
    }
    return out ?? newRow(this.kinds);
  }

  /** The pane holding `time`; `fresh` tells whether it was just created. */
  private paneFor(panes: Pane[], time: number): { acc: AccRow; fresh: boolean } {
    const start = windowStart(time, this.paneSize);
    const i = insertionPoint(panes, start);
    const found = this.found;
    if (i > 0 && panes[i - 1].start === start) {
      found.acc = panes[i - 1].acc;
      found.fresh = false;
    } else {
      const pane: Pane = { start, acc: newRow(this.kinds) };
      panes.splice(i, 0, pane);
      found.acc = pane.acc;
      found.fresh = true;
    }
    return found;
  }
}

/** The window mark starting at `start`, created (not yet fired, not pending) if missing. */
function markFor(marks: WindowMark[], start: number): WindowMark {
  const i = insertionPoint(marks, start);
  if (i > 0 && marks[i - 1].start === start) return marks[i - 1];
  const mark: WindowMark = { start, rev: -1, pending: false };
  marks.splice(i, 0, mark);
  return mark;
}

/** The index after the last entry whose start is <= `start` (searching from the end: new
 *  events are mostly recent). */
function insertionPoint(list: readonly { start: number }[], start: number): number {
  let i = list.length;
  while (i > 0 && list[i - 1].start > start) i--;
  return i;
}

// What the window runtime asks of a kind of window (fixed or session) for one key's state.
// Implementations are pure functions of (state, event or watermark): Flink's WindowOperator with
// its EventTimeTrigger, per key.

import type { AccRow } from './acc-row';

/** One event of the key, its aggregate arguments already evaluated. */
export interface WindowInput {
  /** aggregate i's argument value on this event */
  readonly values: readonly unknown[];
  readonly time: number;
  readonly arrival: number;
}

/**
 * A window fires: its bounds, its accumulators (read at once, not kept), its revision (0 for the
 * first firing) and the anchor its alert id derives from.
 */
export type Fire = (start: number, end: number, acc: AccRow, revision: number, anchor: string) => void;

export interface WindowLogic<S> {
  newState(): S;
  /**
   * Adds an event, the watermark being `w`. Windows whose end - 1 is already at or below `w`
   * fire at once. Returns false when the event went into no window (every window of it late).
   */
  add(state: S, input: WindowInput, w: number, fire: Fire): boolean;
  /** The watermark reached `w`: fire the windows due, free those that can no longer change. */
  advance(state: S, w: number, fire: Fire): void;
  /** The next watermark at which `advance` has something to do; Infinity when nothing is left. */
  nextDue(state: S): number;
  /** windows held; 0 means the key's state can be dropped */
  openWindows(state: S): number;
}

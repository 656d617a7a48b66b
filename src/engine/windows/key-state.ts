// The window state of one key: plain JSON data (numbers, strings, arrays, plain objects), so a
// store can persist and restore it without special cases. No closures, no class instances.

import type { AccRow } from './acc-row';

/** Tumbling and sliding windows: accumulators per pane, and which windows exist. */
export interface FixedKeyState {
  /** windows that took an event in time (not late), by start ascending */
  windows: WindowMark[];
  /** the key's events, aggregated per pane of width gcd(size, slide), by start ascending */
  panes: Pane[];
}

export interface WindowMark {
  start: number;
  /** the revision of its last firing; -1 before the first */
  rev: number;
  /** waiting for the watermark to reach end - 1 (Flink: its trigger timer is registered) */
  pending: boolean;
}

export interface Pane {
  start: number;
  acc: AccRow;
}

/** Session windows: the key's sessions, by start ascending, no two overlapping or touching. */
export interface SessionKeyState {
  windows: Session[];
}

export interface Session {
  start: number;
  end: number;
  acc: AccRow;
  /** the revision of its last firing (for a merged session, the highest of its parts); -1 before any */
  rev: number;
  /** what its alert id derives from: the bounds at the first firing of the earliest-starting
   *  fired session it contains; null until it (or a part of it) fires */
  anchor: string | null;
  pending: boolean;
}

export type KeyWindowState = FixedKeyState | SessionKeyState;

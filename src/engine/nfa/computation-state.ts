// One branch of one partial match (Flink's ComputationState): where it stands in the automaton,
// the newest event it took, and its version.

import type { BufferedEvent } from './buffered-event';
import { compareEvents } from './buffered-event';
import type { Dewey } from './dewey';
import type { Node } from './shared-buffer';
import type { State } from './state';

export interface ComputationState {
  readonly state: State;
  readonly prev: Node | null;
  readonly version: Dewey;
  /**
   * the branch's first event; null while in the start state. Its time is the branch's start
   * time (Flink keeps both; one number field per branch is a heap box per branch here)
   */
  readonly startEvent: BufferedEvent | null;
}

export function startState(state: State, version: Dewey): ComputationState {
  return { state, prev: null, version, startEvent: null };
}

/** Time of the branch's first event; -1 while in the start state (Flink's startTimestamp). */
export function startTimeOf(cs: ComputationState): number {
  return cs.startEvent === null ? -1 : cs.startEvent.time;
}

/** Flink's NFAState.COMPUTATION_STATE_COMPARATOR: by first event; branches not started last. */
export function compareByStart(a: ComputationState, b: ComputationState): number {
  const x = a.startEvent;
  const y = b.startEvent;
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  return compareEvents(x, y);
}

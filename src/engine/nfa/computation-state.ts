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
  /** time of the first event; -1 while in the start state */
  readonly startTime: number;
  readonly prevTime: number;
  readonly startEvent: BufferedEvent | null;
}

export function startState(state: State, version: Dewey): ComputationState {
  return { state, prev: null, version, startTime: -1, prevTime: -1, startEvent: null };
}

/** Flink's NFAState.COMPUTATION_STATE_COMPARATOR: by first event; branches not started last. */
export function compareByStart(a: ComputationState, b: ComputationState): number {
  const x = a.startEvent;
  const y = b.startEvent;
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  return compareEvents(x, y);
}

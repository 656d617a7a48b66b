// An event as the automata hold it: the source's event object itself, shared by every rule and
// key that takes it (no wrapper per rule). Ordered by event time, then by arrival.

import type { TimedEvent } from '../../lang/expr/scope';

export interface BufferedEvent extends TimedEvent {
  readonly value: unknown;
  readonly time: number;
  /** where the event came from (replay line, Kafka partition/offset): feeds alert ids */
  readonly pos: string;
  /**
   * arrival number within the source: breaks ties between equal times. The source numbers every
   * event, so the order of one key's events is the order it saw them in.
   */
  readonly arrival: number;
  /** the source partition it came from ('' when the source has one) */
  readonly partition: string;
}

/**
 * Every event object the engine holds is made here, in one property order: the automata read
 * events fed live and events restored from state through the same hidden class.
 */
export function heldEvent(value: unknown, time: number, pos: string, arrival: number, partition: string): BufferedEvent {
  return { value, time, pos, arrival, partition };
}

/** Event order: time, then arrival. */
export function compareEvents(a: BufferedEvent, b: BufferedEvent): number {
  return a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.arrival - b.arrival;
}

// An event as one key's automaton holds it: ordered by event time, then by arrival.

import type { TimedEvent } from '../../lang/expr/scope';

export interface BufferedEvent extends TimedEvent {
  readonly value: unknown;
  readonly time: number;
  /** arrival order within the key; breaks ties between equal times */
  readonly seq: number;
  /** where the event came from (replay line, Kafka partition/offset): feeds alert ids */
  readonly pos: string;
}

/** Event order: time, then arrival. */
export function compareEvents(a: BufferedEvent, b: BufferedEvent): number {
  return a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.seq - b.seq;
}

// An event as one key's automaton holds it: ordered by event time, then by arrival. The shared
// buffer's nodes for this event hang off it (one per step that took it), so the buffer needs no
// map of its own.

import type { TimedEvent } from '../../lang/expr/scope';
import type { Node } from './shared-buffer';

export class BufferedEvent implements TimedEvent {
  /** nodes of the shared buffer for this event, by step index; null while none */
  nodes: (Node | undefined)[] | null = null;

  constructor(
    readonly value: unknown,
    readonly time: number,
    /** arrival order within the key; breaks ties between equal times */
    readonly seq: number,
    /** where the event came from (replay line, Kafka partition/offset): feeds alert ids */
    readonly pos: string,
  ) {}
}

/** Event order: time, then arrival. */
export function compareEvents(a: BufferedEvent, b: BufferedEvent): number {
  return a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.seq - b.seq;
}

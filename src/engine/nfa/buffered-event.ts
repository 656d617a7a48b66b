// An event as one key's automaton holds it: ordered by event time, then by arrival. The shared
// buffer's nodes for this event hang off it (one per step that took it), so the buffer needs no
// map of its own.

import type { TimedEvent } from '../../lang/expr/scope';
import type { Node } from './shared-buffer';

export class BufferedEvent implements TimedEvent {
  /** the shared buffer's node for this event (of one step); null while none */
  node: Node | null = null;
  /**
   * nodes of other steps, by step index: only when several steps of one key take the event (no
   * array per event for the common case of one)
   */
  more: (Node | undefined)[] | null = null;

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

/** The live or dead node of `step` for this event, if any. */
export function nodeAt(e: BufferedEvent, step: number): Node | undefined {
  const n = e.node;
  if (n !== null && n.step === step) return n;
  return e.more === null ? undefined : e.more[step];
}

/** Makes `node` the event's node of its step. */
export function setNode(e: BufferedEvent, node: Node): void {
  const cur = e.node;
  if (cur === null || cur.step === node.step) {
    e.node = node;
    return;
  }
  if (e.more === null) e.more = new Array<Node | undefined>(node.step + 1);
  e.more[node.step] = node;
}

/** Forgets `node` (removed from the buffer) if it is still the event's node of its step. */
export function clearNode(e: BufferedEvent, node: Node): void {
  if (e.node === node) e.node = null;
  else if (e.more !== null && e.more[node.step] === node) e.more[node.step] = undefined;
  if (e.node === null && e.more !== null && e.more.every((n) => n === undefined)) e.more = null;
}

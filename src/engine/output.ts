// Where the engine's results go. The operator at the edge decides what they become (stdout,
// alert store, Kafka topic, dead-letter topic).

import type { Alert } from './alert';
import type { BufferedEvent } from './nfa/buffered-event';

export type DeadLetterReason = 'late' | 'no-time' | 'no-key' | 'undecodable';

export interface DeadLetter {
  reason: DeadLetterReason;
  source: string;
  /** the rule that dropped it, for per-rule reasons (late) */
  rule: string | null;
  pos: string;
  value: unknown;
}

export interface EngineOutput {
  alert(alert: Alert): void;
  deadLetter(d: DeadLetter): void;
}

/**
 * An event as the engine's rules receive it, after decoding and event-time ordering; automata
 * that take it hold this very object (made by heldEvent).
 */
export type SourceEvent = BufferedEvent;

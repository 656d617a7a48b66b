// Where the engine's results go. The operator at the edge decides what they become (stdout,
// alert store, Kafka topic, dead-letter topic).

import type { Alert } from './alert';

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

/** An event as the engine's rules receive it, after decoding and event-time ordering. */
export interface SourceEvent {
  readonly value: unknown;
  readonly time: number;
  readonly pos: string;
  /** arrival number within the source */
  readonly arrival: number;
  /** the source partition it came from ('' when the source has one) */
  readonly partition: string;
}

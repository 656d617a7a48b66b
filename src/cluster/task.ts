// A task: one input partition this instance owns, with its own engine (Kafka Streams' stream
// task). Each task's engine holds only that partition's keys, queued events and watermark, so the
// task moves between instances as one self-consistent piece: restoring it needs nothing from the
// other tasks, and its results do not depend on which instance owns which partition.

import type { Alert } from '../engine/alert';
import type { Engine } from '../engine/engine';
import type { PartitionTxProducer } from '../io/kafka/producer';
import type { TopicPartition } from '../io/kafka/consumer';
import type { Input } from './topology';

export interface StoredVersion {
  version: string;
  sig: string;
}

export interface PendingTx {
  epoch: number;
  alerts: Alert[];
  offset: number;
}

export class Task implements TopicPartition {
  readonly key: string;
  /** the partition as the task's engine names it (its watermark is the minimum over these) */
  readonly enginePartition: string;
  /** next offset to process; -1 until the first batch when no snapshot said where to start */
  next = -1;
  /** the next offset the last written snapshot covers */
  savedOffset = -1;
  /** offset last committed to Kafka (consumer offsets, or sendOffsets in a transaction) */
  committedOffset = -1;
  /** rule → the version (and state signature) its keys are stored under */
  versions = new Map<string, StoredVersion>();
  /** source → its state as last written, to skip unchanged writes */
  sourceJson = new Map<string, string>();
  /** exactly-once: alerts since the last save, not yet in any transaction */
  outbox: Alert[] = [];
  /** exactly-once: the snapshot epoch of the last save that carried a transaction */
  epoch = 0;
  /** exactly-once: the transaction the last save promised, until it commits */
  txPending: PendingTx | null = null;
  tx: PartitionTxProducer | null = null;
  /** a seek back to `next` was asked once already (the log may not reach back that far) */
  reseeked = false;
  /** repartitioned input: per origin partition, the highest origin offset taken (duplicates are skipped) */
  origins = new Map<string, number>();
  /** routing task: per repartition topic, the highest event time routed (sent along as marks) */
  routedMax = new Map<string, number>();
  /** set right after construction (the engine's output needs the task) */
  engine!: Engine;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** owner generation in Redis ('' for a routing task, which keeps nothing there) */
    readonly gen: string,
    /** what this topic's tasks do (replaced when a reload changes the rules) */
    public input: Input,
  ) {
    this.key = taskKey(topic, partition);
    this.enginePartition = String(partition);
  }

  /** A routing task sends its records on to repartition topics and runs no rules. */
  get routes(): boolean {
    return this.input.routes.length > 0;
  }
}

export function taskKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

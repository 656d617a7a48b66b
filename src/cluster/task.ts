// A task: one input partition this instance owns, with what its snapshot in Redis holds.

import type { Alert } from '../engine/alert';
import type { PartitionTxProducer } from '../io/kafka/producer';
import type { TopicPartition } from '../io/kafka/consumer';

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
  /** the partition as the engine names it (keys and watermarks are per source partition) */
  readonly enginePartition: string;
  /** next offset to process; -1 until the first batch when no snapshot said where to start */
  next = -1;
  /** the next offset the last written snapshot covers */
  savedOffset = -1;
  /** offset last committed to Kafka (consumer offsets, or sendOffsets in a transaction) */
  committedOffset = -1;
  /** rule → the version (and state signature) its keys are stored under */
  versions = new Map<string, StoredVersion>();
  /** source → its partition state as last written, to skip unchanged writes */
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

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** owner generation in Redis */
    readonly gen: string,
  ) {
    this.key = taskKey(topic, partition);
    this.enginePartition = String(partition);
  }
}

export function taskKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

// The source side behind a small interface: one kafkajs consumer in the group, batch-wise
// (eachBatch), offsets never auto-committed (the operator commits what its snapshots cover),
// read_committed (aborted transactional records are never seen). kafkajs has no "partitions
// revoked" callback: the assignment after each join (GROUP_JOIN) is handed on as a whole, and
// the operator works out what it gained and lost.

import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** the batch's last offset, control records included: the next offset is this + 1 */
  lastOffset: string;
  highWatermark: string;
}

export interface BatchControl {
  /** keeps the group membership alive while a batch waits (e.g. for Redis) */
  heartbeat(): Promise<void>;
  /** true once a seek made this batch obsolete */
  isStale(): boolean;
}

export interface ConsumerHandlers {
  onBatch(batch: PartitionBatch, control: BatchControl): Promise<void>;
  /** the partitions this member holds after a (re)join; called synchronously from the join */
  onAssignment(assigned: TopicPartition[]): void;
  /** a rebalance started: a chance to write a snapshot before partitions move */
  onRebalancing(): void;
  /** kafkajs gave up (no restart): the service is unhealthy */
  onCrash(error: Error, restarting: boolean): void;
}

export interface SourceConsumerOptions {
  groupId: string;
  topics: readonly string[];
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export class KafkaSourceConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private stopped = false;
  private lastHeartbeat: (() => Promise<void>) | null = null;

  constructor(
    kafka: Kafka,
    private readonly opts: SourceConsumerOptions,
    private readonly log: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: opts.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: opts.heartbeatIntervalMs ?? 1000,
      rebalanceTimeout: 30_000,
      // large fetches: consumption with small ones is 20-35% slower (shared/KAFKA.md)
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      // kafkajs's consumer default of 5 retries; a consumer stopped while kafkajs was joining must
      // not come back as a member nobody reads
      retry: { retries: 5, restartOnFailure: async () => !this.stopped },
    });
  }

  async start(handlers: ConsumerHandlers): Promise<void> {
    const c = this.consumer;
    c.on(c.events.GROUP_JOIN, (e) => {
      if (this.stopped) return;
      const assigned: TopicPartition[] = [];
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
        for (const partition of partitions) assigned.push({ topic, partition });
      }
      this.log.info({ assigned: assigned.map((a) => `${a.topic}/${a.partition}`), memberId: e.payload.memberId }, 'partitions assigned');
      handlers.onAssignment(assigned);
    });
    c.on(c.events.REBALANCING, () => {
      if (!this.stopped) handlers.onRebalancing();
    });
    c.on(c.events.CRASH, (e) => {
      if (!this.stopped) handlers.onCrash(e.payload.error, e.payload.restart);
    });
    await c.connect();
    try {
      await c.subscribe({ topics: [...this.opts.topics], fromBeginning: true });
    } catch (e) {
      await c.disconnect().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      await c.disconnect();
      return;
    }
    this.running = true;
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, isStale }) => {
        if (this.stopped) return;
        this.lastHeartbeat = heartbeat;
        await handlers.onBatch(
          { topic: batch.topic, partition: batch.partition, messages: batch.messages, lastOffset: batch.lastOffset(), highWatermark: batch.highWatermark },
          { heartbeat, isStale },
        );
      },
    });
  }

  /** Heartbeats through the last batch's handle (for waits outside a batch); never throws. */
  async heartbeat(): Promise<void> {
    await this.lastHeartbeat?.().catch(() => undefined);
  }

  seek(tp: TopicPartition, offset: number): void {
    this.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
  }

  pause(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
  }

  resume(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
  }

  /** Commits next offsets (at-least-once: what a written snapshot covers). */
  async commit(offsets: readonly (TopicPartition & { offset: number })[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
  }

  /** Leaves the group (its partitions go to the other members at once) and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect().catch((e: unknown) => this.log.warn({ err: e }, 'consumer disconnect failed'));
  }
}

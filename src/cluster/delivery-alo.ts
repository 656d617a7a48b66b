// At-least-once delivery: after each batch (and idle tick) the alerts it produced are sent to the
// alert topic (acks=all) and stored in Redis, in the background while the next batches are
// processed (at most MAX_IN_FLIGHT batches' worth), and a snapshot waits until every send so far
// is acknowledged before it covers their batches' offsets. A crash before the snapshot replays
// from the previous one and sends those alerts again with the same ids (LANGUAGE.md 10), which
// consumers and the alert store deduplicate. When Kafka or Redis is away, the sends retry, the
// pipeline fills, and consumption stops until they get through. Consumer offsets are committed
// after each snapshot (for lag monitoring; the snapshot's own offsets are where a new owner
// resumes).

import type { Message, Producer } from 'kafkajs';
import type { Alert } from '../engine/alert';
import { alertMessage } from '../io/kafka/alert-message';
import { sendAll } from '../io/kafka/send';
import type { KafkaSourceConsumer } from '../io/kafka/consumer';
import type { RedisAlertStore } from '../io/redis/alert-store';
import type { Delivery } from './delivery';
import { type RetryContext, untilDone } from './retry';
import type { PreparedSave } from './snapshot';
import type { Task } from './task';
import type { TopicRecords } from '../io/kafka/producer';

/** Batches whose alerts may be on their way at once. */
const MAX_IN_FLIGHT = 4;

export class AtLeastOnceDelivery implements Delivery {
  readonly mode = 'at-least-once' as const;
  private pending: Alert[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly producer: Producer,
    private readonly alertTopic: string,
    private readonly store: RedisAlertStore,
    private readonly consumer: () => KafkaSourceConsumer | null,
    private readonly retry: RetryContext,
  ) {}

  alert(a: Alert): void {
    this.pending.push(a);
    this.store.put(a);
  }

  async afterBatch(): Promise<void> {
    if (this.pending.length === 0) return;
    const messages = this.pending.map(alertMessage);
    this.pending = [];
    const sent = this.deliver(messages).finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
    while (this.inFlight.size > MAX_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  async drain(): Promise<void> {
    await this.afterBatch();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async deliver(messages: Message[]): Promise<void> {
    const tooLarge = await untilDone(this.retry, 'kafka', 'sending alerts', () => sendAll(this.producer, this.alertTopic, messages));
    reportTooLarge(this.retry, tooLarge);
    await untilDone(this.retry, 'redis', 'storing alerts', () => this.store.flush());
  }

  saveMeta(): Record<string, string> {
    return {};
  }

  async afterSave(saved: readonly PreparedSave[]): Promise<void> {
    const offsets = saved.filter((s) => s.offset >= 0 && s.offset !== s.task.committedOffset).map((s) => ({ topic: s.task.topic, partition: s.task.partition, offset: s.offset }));
    try {
      await this.consumer()?.commit(offsets);
      for (const s of saved) if (s.offset >= 0) s.task.committedOffset = s.offset;
    } catch (e) {
      // only lag monitoring reads these; the next snapshot commits again
      this.retry.log.debug({ err: (e as Error).message }, 'committing consumer offsets failed');
    }
  }

  async route(task: Task, records: readonly TopicRecords[]): Promise<void> {
    const tooLarge = await untilDone(this.retry, 'kafka', 'routing records', async () => (await Promise.all(records.map((r) => sendAll(this.producer, r.topic, r.messages)))).flat());
    if (tooLarge.length > 0) this.retry.log.error({ task: task.key, records: tooLarge.length }, 'records too large for the repartition topic; dropped');
    try {
      await this.consumer()?.commit([{ topic: task.topic, partition: task.partition, offset: task.next }]);
      task.committedOffset = task.next;
    } catch (e) {
      // the next batch commits again; a crash before that routes these records again (duplicates
      // the repartition tasks skip by their origin offsets)
      this.retry.log.debug({ err: (e as Error).message }, 'committing a routing offset failed');
    }
  }

  async routerAssigned(): Promise<void> {}

  async restored(): Promise<void> {}

  async dropped(): Promise<void> {}

  async close(): Promise<void> {}
}

/** An alert larger than any record the broker takes: it stays in the alert store only. */
export function reportTooLarge(retry: RetryContext, tooLarge: readonly Message[]): void {
  for (const m of tooLarge) {
    retry.log.error({ alertId: m.headers?.id?.toString(), bytes: Buffer.byteLength(String(m.value)) }, 'alert too large for the alert topic (broker message.max.bytes); kept in the alert store only');
  }
}

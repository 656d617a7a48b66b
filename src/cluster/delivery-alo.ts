// At-least-once delivery: after each batch (and idle tick) the alerts it produced are sent to the
// alert topic (acks=all) and stored in Redis, before anything else happens; only then can a
// snapshot cover the batch's offsets. A crash before the snapshot replays from the previous one
// and sends those alerts again with the same ids (LANGUAGE.md 10), which consumers and the alert
// store deduplicate. Consumer offsets are committed after each snapshot (for lag monitoring; the
// snapshot's own offsets are where a new owner resumes).

import type { Producer } from 'kafkajs';
import type { Alert } from '../engine/alert';
import { alertMessage } from '../io/kafka/alert-message';
import type { KafkaSourceConsumer } from '../io/kafka/consumer';
import type { RedisAlertStore } from '../io/redis/alert-store';
import type { Delivery } from './delivery';
import { type RetryContext, untilDone } from './retry';
import type { PreparedSave } from './snapshot';

export class AtLeastOnceDelivery implements Delivery {
  readonly mode = 'at-least-once' as const;
  private pending: Alert[] = [];

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
    if (this.pending.length > 0) {
      const messages = this.pending.map(alertMessage);
      this.pending = [];
      await untilDone(this.retry, 'kafka', 'sending alerts', () => this.producer.send({ topic: this.alertTopic, messages, acks: -1 }));
    }
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

  async restored(): Promise<void> {}

  async dropped(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * Exactly-once delivery: a read_committed consumer of the alert topic sees each alert once, even
 * across crashes, rebalances and zombies. Kafka cannot take part in a Redis write, nor Redis in a
 * Kafka transaction, so the two are tied together by an outbox and an epoch:
 *
 *  Per input partition (task) there is one transactional producer, transactional.id
 *  `<group>.<topic>.<partition>`, so whoever owns a partition fences its previous owner's
 *  producer (InitProducerId), and one snapshot in Redis whose owner generation fences the previous
 *  owner's writes (claim-task / save-task).
 *
 *  Each snapshot, for a task with new alerts or a new offset:
 *    1. Redis, one atomic script: the changed keys, source state, next offset O, epoch E = E' + 1
 *       and the outbox: the alerts produced since the previous save.
 *    2. Kafka, one transaction on the task's producer: the outbox to the alert topic, and
 *       sendOffsets(O) with metadata `cepheus:epoch=E`; commit.
 *    3. The outbox's alerts go to the Redis alert store (idempotent by id).
 *  Step 1 of the next snapshot waits until step 2 committed, so at most one epoch is in doubt.
 *
 *  A crash between 1 and 2: Redis holds epoch E with its outbox, Kafka's committed offset still
 *  carries epoch E' (the transaction never began, or the new owner's fencing aborts it). The new
 *  owner claims the snapshot, fences the producer, reads the committed metadata, sees E' < E, and
 *  sends the outbox with sendOffsets(O, epoch E) in a transaction of its own: delivered once.
 *  A crash after 2 (before or after 3): the committed metadata says E = E: the outbox was
 *  delivered, and is only put into the alert store again (a no-op if it is there). Either way the
 *  new owner resumes at O with the state as of O, so no alert of the records before O is produced
 *  again, and every record from O on is processed once more into alerts no transaction has sent.
 *  A zombie (an old owner that missed the rebalance) can do neither step: its Redis writes fail
 *  the generation check, its transactions fail with a fenced producer epoch; it drops the task.
 *  The order of fencing matters: the claim (reading the snapshot) comes before the producer is
 *  fenced, and the committed offsets are read after, so a transaction of the old owner is either
 *  complete (and seen) or aborted (and redone from the outbox the claim read).
 *
 *  Dead letters are not part of this: they are flushed before each save, at least once.
 */

import type { Kafka } from 'kafkajs';
import type { Alert } from '../engine/alert';
import { CepheusError, ErrorCodes } from '../errors';
import type { KafkaAdmin } from '../io/kafka/admin';
import { alertMessage } from '../io/kafka/alert-message';
import { PartitionTxProducer, isFenced, transactionalId } from '../io/kafka/producer';
import type { RedisAlertStore } from '../io/redis/alert-store';
import type { TopicRecords } from '../io/kafka/producer';
import type { Delivery } from './delivery';
import { reportTooLarge } from './delivery-alo';
import { type RetryContext, untilDone } from './retry';
import type { PreparedSave } from './snapshot';
import type { Task } from './task';
import type { ParsedMeta } from './task-meta';

const EPOCH = /^cepheus:epoch=(\d+)$/;

export function epochMetadata(epoch: number): string {
  return `cepheus:epoch=${epoch}`;
}

export function epochOf(metadata: string | null): number {
  const m = metadata === null ? null : EPOCH.exec(metadata);
  return m === null ? -1 : Number(m[1]);
}

export class ExactlyOnceDelivery implements Delivery {
  readonly mode = 'exactly-once' as const;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: KafkaAdmin,
    private readonly groupId: string,
    private readonly alertTopic: string,
    private readonly store: RedisAlertStore,
    private readonly retry: RetryContext,
  ) {}

  alert(a: Alert, task: Task | null): void {
    if (task !== null) task.outbox.push(a);
    else this.retry.log.error({ alertId: a.id, rule: a.rule }, 'alert of a key no owned partition holds; not delivered');
  }

  async afterBatch(): Promise<void> {}

  async drain(): Promise<void> {}

  /** Moves the outbox into the transaction this save promises (step 1's epoch and outbox). */
  saveMeta(task: Task): Record<string, string> {
    const pending = task.txPending;
    if (pending !== null) return { epoch: String(pending.epoch), outbox: JSON.stringify(pending.alerts) };
    if (task.outbox.length === 0 && (task.next < 0 || task.next === task.committedOffset)) return {};
    const tx = { epoch: task.epoch + 1, alerts: task.outbox, offset: task.next >= 0 ? task.next : task.savedOffset };
    task.outbox = [];
    task.txPending = tx;
    return { epoch: String(tx.epoch), outbox: JSON.stringify(tx.alerts) };
  }

  /** Step 2 and 3 for every saved task, in parallel; fenced tasks are reported together. */
  async afterSave(saved: readonly PreparedSave[]): Promise<void> {
    const fenced: Task[] = [];
    await Promise.all(
      saved.map(async ({ task }) => {
        try {
          await this.commitPending(task);
        } catch (e) {
          if (!isFenced(e)) throw e;
          fenced.push(task);
        }
      }),
    );
    if (fenced.length > 0) throw new CepheusError(ErrorCodes.PRODUCER_FENCED, 'partitions taken over by another instance', false, { tasks: fenced });
  }

  private async commitPending(task: Task): Promise<void> {
    const tx = task.txPending;
    if (tx === null || task.tx === null) return;
    const producer = task.tx;
    const offsets = { consumerGroupId: this.groupId, topic: task.topic, partition: task.partition, offset: tx.offset, metadata: epochMetadata(tx.epoch) };
    const tooLarge = await untilDone(this.retry, 'kafka', `transaction of ${task.key}`, () => producer.commit([{ topic: this.alertTopic, messages: tx.alerts.map(alertMessage) }], offsets));
    reportTooLarge(this.retry, tooLarge);
    task.txPending = null;
    task.epoch = tx.epoch;
    task.committedOffset = tx.offset;
    await this.storeAlerts(tx.alerts);
  }

  /** A routing task's batch in one transaction with its input offset: the repartition topic gets it once. */
  async route(task: Task, records: readonly TopicRecords[]): Promise<void> {
    const producer = task.tx;
    if (producer === null) return;
    const offsets = { consumerGroupId: this.groupId, topic: task.topic, partition: task.partition, offset: task.next, metadata: 'cepheus:router' };
    const tooLarge = await untilDone(this.retry, 'kafka', `routing transaction of ${task.key}`, () => producer.commit(records, offsets));
    if (tooLarge.length > 0) this.retry.log.error({ task: task.key, records: tooLarge.length }, 'records too large for the repartition topic; dropped');
    task.committedOffset = task.next;
  }

  async routerAssigned(task: Task): Promise<void> {
    await this.fence(task);
  }

  /** Fences the previous owner's producer, then delivers its last outbox if it never committed. */
  async restored(task: Task, meta: ParsedMeta): Promise<void> {
    await this.fence(task);
    task.epoch = meta.epoch;
    if (meta.outbox.length === 0) return;
    const committed = await untilDone(this.retry, 'kafka', `reading the committed offset of ${task.key}`, () => this.admin.committed(this.groupId, task.topic, task.partition));
    if (epochOf(committed.metadata) < meta.epoch) {
      this.retry.log.info({ task: task.key, epoch: meta.epoch, committedEpoch: epochOf(committed.metadata), alerts: meta.outbox.length }, 'delivering the outbox the previous owner did not commit');
      task.txPending = { epoch: meta.epoch, alerts: meta.outbox, offset: meta.offset };
      await this.commitPending(task);
    } else {
      await this.storeAlerts(meta.outbox);
    }
  }

  private async fence(task: Task): Promise<void> {
    const producer = new PartitionTxProducer(this.kafka, transactionalId(this.groupId, task.topic, task.partition));
    await untilDone(this.retry, 'kafka', `fencing ${task.key}`, () => producer.connectAndFence());
    task.tx = producer;
  }

  async dropped(task: Task): Promise<void> {
    task.outbox = [];
    task.txPending = null;
    await task.tx?.close();
    task.tx = null;
  }

  async close(): Promise<void> {}

  private async storeAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    for (const a of alerts) this.store.put(a);
    await untilDone(this.retry, 'redis', 'storing alerts', () => this.store.flush());
  }
}

// Producers: one idempotent producer per instance for at-least-once alerts and dead letters, and
// one transactional producer per input partition for exactly-once (transactional.id derived from
// the group, topic and partition, so whoever owns a partition fences its previous owner — Kafka
// Streams' "exactly_once" (alpha) model, which kafkajs's protocol versions support).

import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { CepheusError, ErrorCodes } from '../../errors';
import { sendAll } from './send';

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const p = kafka.producer({ idempotent: true, maxInFlightRequests: 5, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  return p;
}

export function transactionalId(groupId: string, topic: string, partition: number): string {
  return `${groupId}.${topic}.${partition}`;
}

export interface TopicRecords {
  topic: string;
  messages: Message[];
}

export interface TxOffsets {
  consumerGroupId: string;
  topic: string;
  partition: number;
  /** the next offset to consume */
  offset: number;
  /** committed with the offset (OffsetCommit metadata): which snapshot epoch this transaction is */
  metadata: string;
}

/**
 * One input partition's transactional producer. After a failed transaction (a broker restart, a
 * coordinator that moved) kafkajs's producer may be left with a transaction it cannot end, and
 * refuses to begin another: the next commit starts over with a new producer of the same id (whose
 * InitProducerId aborts what was left open).
 */
export class PartitionTxProducer {
  private producer: Producer;
  private broken = false;

  constructor(
    private readonly kafka: Kafka,
    readonly id: string,
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      transactionalId: this.id,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionTimeout: 60_000,
    });
  }

  private async renew(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    this.producer = this.newProducer();
    await this.connectAndFence();
    this.broken = false;
  }

  /**
   * Connects and fences every earlier producer with this id: kafkajs runs InitProducerId lazily on
   * the first transaction, so one is begun and aborted here. An ongoing transaction of the previous
   * owner is completed or aborted by the coordinator before this returns.
   */
  async connectAndFence(): Promise<void> {
    await this.producer.connect();
    const tx = await this.producer.transaction();
    await tx.abort();
  }

  /** Sends the records and commits the input offset in one transaction; returns the records too large to send. */
  async commit(records: readonly TopicRecords[], offsets: TxOffsets): Promise<Message[]> {
    if (this.broken) await this.renew();
    this.broken = true;
    const tx = await this.producer.transaction();
    try {
      const tooLarge: Message[] = [];
      for (const r of records) if (r.messages.length > 0) tooLarge.push(...(await sendAll(tx, r.topic, r.messages)));
      await tx.sendOffsets({
        consumerGroupId: offsets.consumerGroupId,
        // kafkajs passes partitions through to TxnOffsetCommit, metadata included (its types omit it)
        topics: [{ topic: offsets.topic, partitions: [{ partition: offsets.partition, offset: String(offsets.offset), metadata: offsets.metadata } as { partition: number; offset: string }] }],
      });
      await tx.commit();
      this.broken = false;
      return tooLarge;
    } catch (e) {
      if (tx.isActive()) await tx.abort().catch(() => undefined);
      throw asFenced(e);
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}

/** A newer owner's producer took over: nothing this one does can commit any more. */
function asFenced(e: unknown): unknown {
  const type = (e as { type?: string }).type;
  const msg = String((e as Error)?.message ?? '');
  if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || /fenced|INVALID_PRODUCER_EPOCH/i.test(msg)) {
    return new CepheusError(ErrorCodes.PRODUCER_FENCED, `transactional producer fenced: ${msg}`);
  }
  return e;
}

export function isFenced(e: unknown): boolean {
  return e instanceof CepheusError && (e.code === ErrorCodes.PRODUCER_FENCED || e.code === ErrorCodes.STATE_FENCED);
}

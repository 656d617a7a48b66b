// POST /events in the Kafka mode: the events go to their source's topic (acks=all) and the
// request is acknowledged once Kafka has them; the consumer group then reads them like any other
// record, so every instance's HTTP API feeds the same stream.

import type { Producer } from 'kafkajs';
import { CepheusError, ErrorCodes } from '../../errors';
import type { EventIntake, IngestAck } from '../ports';

export type KafkaIntakeState = 'starting' | 'ready' | 'stopping';

export class KafkaIntake implements EventIntake {
  state: KafkaIntakeState = 'starting';

  constructor(
    private readonly producer: Producer,
    /** the topic a source reads, or null when no rule reads such a source */
    private readonly topicOf: (source: string) => string | null,
    private readonly onReject: (reason: string) => void = () => {},
  ) {}

  async submit(source: string, values: readonly object[]): Promise<IngestAck> {
    if (this.state !== 'ready') throw this.reject('not-ready', ErrorCodes.NOT_READY, `the service is ${this.state}; retry shortly`, true);
    const topic = this.topicOf(source);
    if (topic === null) throw this.reject('unknown-source', ErrorCodes.UNKNOWN_SOURCE, `source: no rule reads a source named ${JSON.stringify(source)}`, false);
    if (values.length === 0) return { accepted: 0 };
    try {
      await this.producer.send({ topic, acks: -1, messages: values.map((v) => ({ value: JSON.stringify(v) })) });
    } catch (e) {
      throw this.reject('kafka', ErrorCodes.BUSY, `Kafka did not take the events: ${(e as Error).message}`, true);
    }
    return { accepted: values.length };
  }

  private reject(reason: string, code: string, message: string, retriable: boolean): CepheusError {
    this.onReject(reason);
    return new CepheusError(code, message, retriable);
  }
}

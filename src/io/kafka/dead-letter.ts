// Dead letters to the dead-letter topic (LANGUAGE.md 7): the event as it came (the raw bytes of an
// undecodable record, else the event's JSON), the reason in the `reason` header, with the source,
// the rule (for `late`) and the position. Buffered and sent on flush(), which the operator calls
// before a snapshot covers the records: dead letters are delivered at least once.

import type { Message, Producer } from 'kafkajs';
import type { DeadLetter } from '../../engine/output';
import type { DeadLetterSink } from '../ports';
import { sendAll } from './send';

export class KafkaDeadLetterSink implements DeadLetterSink {
  private pending: Message[] = [];

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly onTooLarge: (n: number) => void = () => {},
  ) {}

  get queued(): number {
    return this.pending.length;
  }

  write(d: DeadLetter): void {
    this.pending.push(deadLetterMessage(d));
  }

  /** An undecodable record, passed on byte for byte. */
  writeRaw(source: string, pos: string, key: Buffer | null, value: Buffer | null, why: string): void {
    this.pending.push({ key, value, headers: { reason: 'undecodable', source, pos, detail: why } });
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const tooLarge = await sendAll(this.producer, this.topic, batch);
      if (tooLarge.length > 0) this.onTooLarge(tooLarge.length);
    } catch (e) {
      this.pending = batch.concat(this.pending);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

export function deadLetterMessage(d: DeadLetter): Message {
  const headers: Record<string, string> = { reason: d.reason, source: d.source, pos: d.pos };
  if (d.rule !== null) headers.rule = d.rule;
  return { key: null, value: typeof d.value === 'string' ? d.value : JSON.stringify(d.value), headers };
}

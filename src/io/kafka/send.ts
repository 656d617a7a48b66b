// Sending many records to one topic in pieces the broker accepts (message-size.ts), in parallel:
// the idempotent producer keeps their order per partition. Records too large for any send are
// handed back so the caller can say so; they are not retried forever.

import type { Message, Producer, Transaction } from 'kafkajs';
import { chunkBySize } from './message-size';

export async function sendAll(sender: Producer | Transaction, topic: string, messages: readonly Message[]): Promise<Message[]> {
  const { chunks, tooLarge } = chunkBySize(messages);
  await Promise.all(chunks.map((c) => sender.send({ topic, messages: c, acks: -1 })));
  return tooLarge;
}

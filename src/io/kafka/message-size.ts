// Kafka refuses a record batch larger than the broker's message.max.bytes (1 MiB by default), and
// kafkajs puts all of one send's records for a partition into one batch: a batch of many alerts
// (each carrying its matched events) easily exceeds it. Sends are therefore cut into pieces of
// at most MAX_SEND_BYTES; a single record above the limit cannot be sent at all.

import type { Message } from 'kafkajs';

/** Below the broker default of 1048588 bytes, with room for batch and record overhead. */
export const MAX_SEND_BYTES = 900_000;

export function messageBytes(m: Message): number {
  let n = 70 + size(m.key) + size(m.value);
  for (const [k, v] of Object.entries(m.headers ?? {})) n += 10 + k.length + size(v as string | Buffer | null | undefined);
  return n;
}

function size(v: string | Buffer | null | undefined | (string | Buffer)[]): number {
  if (v === null || v === undefined) return 0;
  if (Array.isArray(v)) return v.reduce((s, x) => s + size(x), 0);
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

export interface Chunked {
  chunks: Message[][];
  /** records too large to send at all */
  tooLarge: Message[];
}

export function chunkBySize(messages: readonly Message[], maxBytes = MAX_SEND_BYTES): Chunked {
  const chunks: Message[][] = [];
  const tooLarge: Message[] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const n = messageBytes(m);
    if (n > maxBytes) {
      tooLarge.push(m);
      continue;
    }
    if (bytes + n > maxBytes && current.length > 0) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += n;
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, tooLarge };
}

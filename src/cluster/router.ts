// A routing task's batch: each record, keyed by the rule key of every repartition topic its
// source feeds, goes there as it came (bytes unchanged), with its origin partition and position
// in headers: the repartition task's watermark is the minimum over origin partitions, its alert
// ids derive from the original positions, and at-least-once duplicates are recognised by them.
// After the records, a watermark mark to every partition of each repartition topic: the highest
// event time of the origin so far (sent behind the records, so it never overtakes them).

import type { KafkaMessage, Message } from 'kafkajs';
import { readEventTime } from '../engine/time/event-time';
import type { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import { decodeValue, recordPos } from '../io/kafka/decode';
import type { TopicRecords } from '../io/kafka/producer';
import type { Task } from './task';
import type { Route } from './topology';

export const ORIGIN_PARTITION = 'cepheus-origin';
export const ORIGIN_POS = 'cepheus-pos';
/** a watermark mark: the record's value is the origin's highest event time so far */
export const MARK = 'cepheus-mark';

export function routeRecords(task: Task, msgs: readonly KafkaMessage[], from: number, dlq: KafkaDeadLetterSink): TopicRecords[] {
  const routes = task.input.routes;
  const out = new Map<string, Message[]>(routes.map((r) => [r.topic, []]));
  const origin = String(task.partition);
  for (let i = from; i < msgs.length; i++) {
    const m = msgs[i];
    const pos = recordPos(task.partition, m.offset);
    const decoded = decodeValue(m.value);
    if (!decoded.ok) {
      for (const source of new Set(routes.map((r) => r.source))) dlq.writeRaw(source, pos, m.key, m.value, decoded.why);
      continue;
    }
    const headers = { [ORIGIN_PARTITION]: origin, [ORIGIN_POS]: pos };
    for (const r of routes) {
      const list = out.get(r.topic) as Message[];
      if ('_watermark' in decoded.value) {
        // a control record moves the watermark of every partition
        for (let p = 0; p < r.partitions; p++) list.push({ partition: p, key: null, value: m.value, headers });
        continue;
      }
      const t = readEventTime(decoded.value, r.timePath);
      if (t > (task.routedMax.get(r.topic) ?? -Infinity)) task.routedMax.set(r.topic, t);
      const k = r.keyOf(decoded.value);
      if (k.value === undefined) {
        dlq.write({ reason: 'no-key', source: r.source, rule: null, pos, value: decoded.value });
        continue;
      }
      list.push({ key: k.text, value: m.value, headers });
    }
  }
  for (const r of routes) addMarks(out.get(r.topic) as Message[], r, origin, task.routedMax.get(r.topic));
  return [...out].map(([t, messages]) => ({ topic: t, messages }));
}

function addMarks(list: Message[], r: Route, origin: string, max: number | undefined): void {
  if (max === undefined || !Number.isFinite(max)) return;
  const value = String(max);
  for (let p = 0; p < r.partitions; p++) list.push({ partition: p, key: null, value, headers: { [ORIGIN_PARTITION]: origin, [MARK]: '1' } });
}

export interface Origin {
  partition: string;
  /** the origin record's position; null for a mark */
  pos: string | null;
  offset: number;
  /** a mark's event time */
  mark: number | null;
}

/** Where a repartitioned record came from, or null for a record without that (not ours). */
export function originOf(m: KafkaMessage): Origin | null {
  const p = m.headers?.[ORIGIN_PARTITION];
  if (p === undefined) return null;
  if (m.headers?.[MARK] !== undefined) return { partition: String(p), pos: null, offset: -1, mark: Number(String(m.value)) };
  const pos = m.headers?.[ORIGIN_POS];
  if (pos === undefined) return null;
  const posText = String(pos);
  return { partition: String(p), pos: posText, offset: Number(posText.slice(posText.lastIndexOf('/') + 1)), mark: null };
}

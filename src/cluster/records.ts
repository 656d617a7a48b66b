// A batch of a rule-running task, decoded for its engine: each record's value, position (the
// alert ids derive from it) and engine partition (its watermark part). On a source topic these
// are the record's own; on a repartition topic, the origin's, and records already taken (an
// at-least-once router sending again after a crash) are skipped; watermark marks become marks.

import type { KafkaMessage } from 'kafkajs';
import type { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import { decodeValue, recordPos } from '../io/kafka/decode';
import type { DecodedBatch } from './ingest';
import { originOf } from './router';
import type { Task } from './task';

const MARK_VALUE = Object.freeze({});

export function decodeRecords(task: Task, msgs: readonly KafkaMessage[], from: number, dlq: KafkaDeadLetterSink): DecodedBatch {
  const values: object[] = [];
  const positions: string[] = [];
  const partitions: string[] = [];
  const marks: number[] = [];
  const repartitioned = task.input.kind === 'repartition';
  const sources = task.input.feeds.map((f) => f.source);
  for (let i = from; i < msgs.length; i++) {
    const m = msgs[i];
    let pos = recordPos(task.partition, m.offset);
    let partition = task.enginePartition;
    if (repartitioned) {
      const o = originOf(m);
      if (o !== null && o.mark !== null) {
        values.push(MARK_VALUE);
        positions.push(pos);
        partitions.push(o.partition);
        marks.push(o.mark);
        continue;
      }
      if (o !== null && o.pos !== null) {
        if (o.offset <= (task.origins.get(o.partition) ?? -1)) continue;
        task.origins.set(o.partition, o.offset);
        pos = o.pos;
        partition = o.partition;
      }
    }
    const decoded = decodeValue(m.value);
    if (!decoded.ok) {
      for (const source of sources) dlq.writeRaw(source, pos, m.key, m.value, decoded.why);
      continue;
    }
    values.push(decoded.value);
    positions.push(pos);
    partitions.push(partition);
    marks.push(NaN);
  }
  return { values, positions, partitions, marks };
}

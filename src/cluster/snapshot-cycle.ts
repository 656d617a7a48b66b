// One snapshot of every rule-running task: dead letters and at-least-once sends made durable
// first, then each task's changed keys taken in one synchronous step, written to Redis (one
// atomic script per task), and what the saves cover handed to the delivery (consumer offsets, or
// the exactly-once transactions). Tasks another instance took over are dropped along the way.

import type { Logger } from 'pino';
import { CepheusError, ErrorCodes } from '../errors';
import type { TopicPartition } from '../io/kafka/consumer';
import type { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import type { RedisTaskStore } from '../io/redis/task-store';
import type { Delivery } from './delivery';
import { type RetryContext, untilDone } from './retry';
import { type PreparedSave, applySaved, prepareSave, takeDraft } from './snapshot';
import { type Task, taskKey } from './task';

export interface SnapshotDeps {
  taskStore: RedisTaskStore;
  deadLetters: KafkaDeadLetterSink;
  delivery: Delivery;
  retry: RetryContext;
  log: Logger;
  /** forget tasks another instance owns now */
  fenced(tasks: readonly TopicPartition[]): Promise<void>;
}

export interface SnapshotResult {
  ms: number;
  tasks: number;
  keysSet: number;
  keysDeleted: number;
}

export async function snapshotTasks(d: SnapshotDeps, tasks: readonly Task[]): Promise<SnapshotResult> {
  const started = process.hrtime.bigint();
  await untilDone(d.retry, 'kafka', 'flushing dead letters', () => d.deadLetters.flush());
  await d.delivery.drain();
  // every task's changed keys, serialised in one synchronous step
  const drafts = tasks.map((t) => [t, takeDraft(t)] as const);
  let saves: PreparedSave[] = [];
  for (const [task, draft] of drafts) {
    const s = await untilDone(d.retry, 'redis', 'preparing a snapshot', () => prepareSave(d.taskStore, task, draft, (t) => d.delivery.saveMeta(t)));
    if (s !== null) saves.push(s);
  }
  saves = await save(d, saves);
  for (const s of saves) applySaved(s);
  await d.delivery.afterSave(saves).catch(async (e: unknown) => {
    const fenced = fencedTasks(e);
    if (fenced === null) throw e;
    await d.fenced(fenced);
  });
  return summary(saves, started);
}

/** Saves; tasks fenced in Redis are dropped and left out of the result. */
async function save(d: SnapshotDeps, saves: PreparedSave[]): Promise<PreparedSave[]> {
  const writes = saves.map((s) => ({ task: s.task, gen: s.task.gen, write: s.write }));
  try {
    await untilDone(d.retry, 'redis', 'writing the snapshot', () => d.taskStore.save(writes));
    return saves;
  } catch (e) {
    const fenced = fencedTasks(e);
    if (fenced === null) throw e;
    await d.fenced(fenced);
    const keys = new Set(fenced.map((t) => taskKey(t.topic, t.partition)));
    return saves.filter((s) => !keys.has(s.task.key));
  }
}

function summary(saves: readonly PreparedSave[], started: bigint): SnapshotResult {
  let keysSet = 0;
  let keysDeleted = 0;
  for (const s of saves) {
    keysSet += s.write.set.length;
    keysDeleted += s.write.del.length;
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, tasks: saves.length, keysSet, keysDeleted };
}

/** The tasks a fencing error names (`details.tasks`), or null for any other error. */
export function fencedTasks(e: unknown): TopicPartition[] | null {
  if (!(e instanceof CepheusError)) return null;
  if (e.code !== ErrorCodes.STATE_FENCED && e.code !== ErrorCodes.PRODUCER_FENCED) return null;
  return (e.details.tasks as TopicPartition[] | undefined) ?? [];
}

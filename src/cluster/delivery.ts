// How alerts leave the instance, in either delivery mode (CEPHEUS_DELIVERY). The operator calls
// these at fixed points of its cycle; the modes differ in what they do there:
//
//                    after each batch/tick        before the save     save carries     after the save
//   at-least-once    alerts → topic + store,      wait until every    (nothing extra)  commit consumer
//                    in the background            send is acked                        offsets
//   exactly-once     (nothing: alerts wait)       (nothing)           epoch + outbox   transaction: outbox
//                                                                                      + offsets, then store

import type { Alert } from '../engine/alert';
import type { TopicRecords } from '../io/kafka/producer';
import type { PreparedSave } from './snapshot';
import type { Task } from './task';
import type { ParsedMeta } from './task-meta';

export interface Delivery {
  readonly mode: 'at-least-once' | 'exactly-once';
  /** the engine emitted an alert about a key of `task` (null: no task could be found) */
  alert(a: Alert, task: Task | null): void;
  /** after a batch or a tick; resolves when the next batch may be processed */
  afterBatch(): Promise<void>;
  /** resolves once everything delivered so far is durable (before a snapshot covers it) */
  drain(): Promise<void>;
  /** meta fields the task's next save must carry */
  saveMeta(task: Task): Record<string, string>;
  /** the saves are in Redis; throws a fenced CepheusError (details.tasks) for tasks taken over */
  afterSave(saved: readonly PreparedSave[]): Promise<void>;
  /** a task was just restored: finish what its previous owner may have left half done */
  restored(task: Task, meta: ParsedMeta): Promise<void>;
  dropped(task: Task): Promise<void>;
  /**
   * A routing task's batch: the records to the repartition topics, then the input offset
   * (`task.next`) committed (at-least-once: after the sends; exactly-once: in one transaction).
   */
  route(task: Task, records: readonly TopicRecords[]): Promise<void>;
  /** a routing task was just assigned (exactly-once: fence its producer) */
  routerAssigned(task: Task): Promise<void>;
  close(): Promise<void>;
}

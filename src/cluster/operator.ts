// The Kafka-mode operator: the consumer group's partitions, each a task with its own engine.
//
//   Kafka (eachBatch) → decode (undecodable → DLQ) → task engine, ingest per record → Delivery
//         ↑ seek to the snapshot's offset                          snapshot every interval ↓
//   assignment (GROUP_JOIN) → restore task from Redis      Redis: dirty keys + offset, atomic
//
// Each input partition the group assigns us is a task: restored from its Redis snapshot when it
// arrives (claiming it fences the previous owner), snapshotted incrementally with the offset it
// covers, and dropped when it leaves. Batches, ticks, snapshots and hand-overs run one at a time
// (Serial); each batch costs one await (its alerts' delivery, at-least-once).

import type { Logger } from 'pino';
import type { Engine, RuleSet } from '../engine/engine';
import { CepheusError, ErrorCodes } from '../errors';
import type { BatchControl, KafkaSourceConsumer, PartitionBatch, TopicPartition } from '../io/kafka/consumer';
import type { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import { decodeValue, recordPos } from '../io/kafka/decode';
import type { RedisTaskStore } from '../io/redis/task-store';
import type { ServiceMetrics } from '../service/metrics';
import type { Delivery } from './delivery';
import { sourcesOfTopic, topicsOf } from './engine-parts';
import type { Health } from './health';
import { ingestBatch } from './ingest';
import { restoreTask } from './restore-task';
import { type RetryContext, untilDone } from './retry';
import { Serial } from './serial';
import { type PreparedSave, applySaved, prepareSave, takeDraft } from './snapshot';
import { type Task, taskKey } from './task';

/** A partition we were fenced out of is not taken back before this, unless a new assignment says so. */
const LOST_BACKOFF_MS = 10_000;

export interface OperatorDeps {
  /** an engine of the current rules that holds no data: which topics and sources there are */
  template(): Engine;
  /** a task's own engine, of the current rules */
  newEngine(task: Task): Engine;
  metrics: ServiceMetrics;
  taskStore: RedisTaskStore;
  deadLetters: KafkaDeadLetterSink;
  newDelivery(retry: RetryContext, consumer: () => KafkaSourceConsumer | null): Delivery;
  health: Health;
  log: Logger;
  snapshotIntervalMs: number;
  tickMs: number;
  newConsumer(topics: readonly string[]): KafkaSourceConsumer;
}

export interface OperatorStats {
  batches: number;
  records: number;
  snapshots: number;
  lastSnapshot: { ms: number; tasks: number; keysSet: number; keysDeleted: number } | null;
  restores: { task: string; keys: number; ms: number }[];
}

export class ClusterOperator {
  readonly tasks = new Map<string, Task>();
  readonly stats: OperatorStats = { batches: 0, records: 0, snapshots: 0, lastSnapshot: null, restores: [] };
  private readonly serial = new Serial();
  private assigned = new Set<string>();
  private readonly lost = new Map<string, number>();
  private consumer: KafkaSourceConsumer | null = null;
  private topics: string[] = [];
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private abandoned = false;
  private restarting = false;
  private firstAssignmentDone = false;
  readonly retry: RetryContext;
  readonly delivery: Delivery;

  constructor(private readonly d: OperatorDeps) {
    this.retry = {
      log: d.log,
      health: d.health,
      heartbeat: () => this.consumer?.heartbeat() ?? Promise.resolve(),
      cancelled: () => this.abandoned,
    };
    this.delivery = d.newDelivery(this.retry, () => this.consumer);
  }

  get readiness(): 'ready' | 'starting' | 'stopping' {
    if (this.stopping) return 'stopping';
    return this.firstAssignmentDone ? 'ready' : 'starting';
  }

  get activeConsumer(): KafkaSourceConsumer | null {
    return this.consumer;
  }

  async start(): Promise<void> {
    await this.startConsumer();
    this.every(this.d.snapshotIntervalMs, () => this.snapshotNow('interval'));
    this.every(this.d.tickMs, () => this.tick());
  }

  /** Final snapshot, then leave the group (the partitions move at once), then close. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    const abandon = setTimeout(() => {
      this.abandoned = true;
    }, graceMs);
    try {
      await this.serial.run(() => this.snapshot('shutdown')).catch((e: unknown) => this.d.log.error({ err: e }, 'final snapshot failed'));
      await this.consumer?.stop();
      await this.serial.run(() => this.dropAll('stopped'));
    } finally {
      clearTimeout(abandon);
    }
  }

  /** A new rule set for every task engine, between two batches (hot reload). */
  applyRules(set: RuleSet): void {
    void this.serial
      .run(() => {
        for (const task of this.tasks.values()) task.engine.reload(set);
      })
      .then(() => this.restartIfTopicsChanged())
      .catch((e: unknown) => this.d.log.error({ err: e }, 'applying the new rules failed'));
  }

  /** Writes a snapshot now (tests, benchmarks, the interval timer). */
  snapshotNow(reason: string): Promise<void> {
    return this.serial.run(() => this.snapshot(reason)).then(() => this.restartIfTopicsChanged());
  }

  // ---- consumer callbacks ------------------------------------------------------------------------

  private async startConsumer(): Promise<void> {
    this.topics = topicsOf(this.d.template());
    const consumer = this.d.newConsumer(this.topics);
    this.consumer = consumer;
    await consumer.start({
      onBatch: (b, c) => this.onBatch(b, c),
      onAssignment: (tps) => this.onAssignment(tps),
      onRebalancing: () => void this.snapshotNow('rebalance').catch(() => undefined),
      onCrash: (e, restarting) => {
        if (restarting) this.d.log.warn({ err: e.message }, 'consumer crashed; kafkajs restarts it');
        else this.d.health.failing('kafka', `consumer stopped: ${e.message}`);
      },
    });
  }

  private onAssignment(tps: TopicPartition[]): void {
    this.assigned = new Set(tps.map((tp) => taskKey(tp.topic, tp.partition)));
    this.lost.clear();
    void this.serial
      .run(async () => {
        for (const task of [...this.tasks.values()]) if (!this.assigned.has(task.key)) await this.revoke(task);
        for (const tp of tps) await this.ensureTask(tp);
        this.firstAssignmentDone = true;
        this.d.health.recovered('kafka');
      })
      .catch((e: unknown) => this.d.log.error({ err: e }, 'taking over assigned partitions failed'));
  }

  private onBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    if (this.stopping || this.restarting) return Promise.resolve();
    return this.serial.run(async () => {
      if (this.stopping || this.restarting || control.isStale()) return;
      const task = await this.ensureTask(batch);
      if (task === null || control.isStale()) return;
      this.process(task, batch);
      await this.delivery.afterBatch();
    });
  }

  // ---- the data path -----------------------------------------------------------------------------

  /** Decodes and ingests one batch: no await between its records. */
  private process(task: Task, batch: PartitionBatch): void {
    const msgs = batch.messages;
    let i = 0;
    while (i < msgs.length && task.next >= 0 && Number(msgs[i].offset) < task.next) i++;
    if (i === 0 && msgs.length > 0 && task.next >= 0 && Number(msgs[0].offset) > task.next && !task.reseeked) {
      // fetched from a committed offset past our snapshot (Redis lost data?): go back once
      task.reseeked = true;
      this.d.log.warn({ task: task.key, expected: task.next, got: msgs[0].offset }, 'batch starts past the snapshot offset; seeking back');
      this.consumer?.seek(task, task.next);
      return;
    }
    const sources = sourcesOfTopic(task.engine, batch.topic);
    const values: object[] = [];
    const positions: string[] = [];
    for (; i < msgs.length; i++) {
      const m = msgs[i];
      const pos = recordPos(batch.topic, batch.partition, m.offset);
      const decoded = decodeValue(m.value);
      if (decoded.ok) {
        values.push(decoded.value);
        positions.push(pos);
      } else {
        for (const source of sources) this.d.deadLetters.writeRaw(source, pos, m.key, m.value, decoded.why);
      }
    }
    const partitions = new Array<string>(values.length).fill(task.enginePartition);
    const now = Date.now();
    for (const source of sources) ingestBatch(task.engine, source, { values, positions, partitions }, now, this.d.metrics, this.d.log);
    task.next = Number(batch.lastOffset) + 1;
    this.stats.batches++;
    this.stats.records += msgs.length;
  }

  private tick(): Promise<void> {
    return this.serial.run(async () => {
      if (this.stopping || this.tasks.size === 0) return;
      const now = Date.now();
      for (const task of this.tasks.values()) task.engine.tick(now);
      await this.delivery.afterBatch();
    });
  }

  // ---- tasks -------------------------------------------------------------------------------------

  /** The task of an assigned partition, restored from Redis on first use; null if not ours. */
  private async ensureTask(tp: TopicPartition): Promise<Task | null> {
    const key = taskKey(tp.topic, tp.partition);
    const have = this.tasks.get(key);
    if (have !== undefined) return have;
    if (!this.assigned.has(key)) return null;
    const lostAt = this.lost.get(key);
    if (lostAt !== undefined && Date.now() - lostAt < LOST_BACKOFF_MS) return null;
    const r = await untilDone(this.retry, 'redis', `restoring ${key}`, () => restoreTask(this.d.taskStore, tp, (t) => this.d.newEngine(t)));
    this.tasks.set(key, r.task);
    try {
      await this.delivery.restored(r.task, r.meta);
    } catch (e) {
      await this.drop(r.task, 'restore failed');
      throw e;
    }
    if (r.task.next >= 0) this.consumer?.seek(tp, r.task.next);
    this.stats.restores.push({ task: key, keys: r.keys, ms: r.ms });
    this.d.log.info({ task: key, offset: r.task.next, keys: r.keys, ms: r.ms, gen: r.task.gen }, 'partition taken over');
    return r.task;
  }

  /** A partition the group moved elsewhere: snapshot it if we still can, then forget it. */
  private async revoke(task: Task): Promise<void> {
    await this.snapshot('revoke').catch((e: unknown) => this.d.log.warn({ err: e, task: task.key }, 'snapshot before hand-over failed'));
    if (this.tasks.get(task.key) === task) await this.drop(task, 'revoked');
  }

  private async drop(task: Task, why: string): Promise<void> {
    this.tasks.delete(task.key);
    await this.delivery.dropped(task);
    this.d.log.info({ task: task.key, why }, 'partition dropped');
  }

  private async dropAll(why: string): Promise<void> {
    for (const task of [...this.tasks.values()]) await this.drop(task, why);
  }

  /** Another instance owns these now: forget them, and do not take them back at once. */
  private async fenced(tasks: readonly Task[]): Promise<void> {
    for (const task of tasks) {
      if (this.tasks.get(task.key) !== task) continue;
      this.lost.set(task.key, Date.now());
      await this.drop(task, 'fenced: another instance took it over');
    }
  }

  // ---- snapshots ---------------------------------------------------------------------------------

  private async snapshot(reason: string): Promise<void> {
    if (this.tasks.size === 0) return;
    const started = process.hrtime.bigint();
    await untilDone(this.retry, 'kafka', 'flushing dead letters', () => this.d.deadLetters.flush());
    await this.delivery.drain();
    // every task's changed keys, serialised in one synchronous step
    const drafts = [...this.tasks.values()].map((t) => [t, takeDraft(t)] as const);
    let saves: PreparedSave[] = [];
    try {
      for (const [task, draft] of drafts) {
        const s = await untilDone(this.retry, 'redis', 'preparing a snapshot', () => prepareSave(this.d.taskStore, task, draft, (t) => this.delivery.saveMeta(t)));
        if (s !== null) saves.push(s);
      }
      saves = await this.save(saves);
      for (const s of saves) applySaved(s);
      await this.delivery.afterSave(saves).catch((e: unknown) => this.onFenced(e));
    } catch (e) {
      if (this.abandoned) throw e;
      // the dirty keys are gone: what Redis holds no longer matches the engines; start over from it
      this.d.log.error({ err: e, reason }, 'snapshot failed; reloading every partition from its last snapshot');
      await this.dropAll('snapshot failed');
      return;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let keysSet = 0;
    let keysDeleted = 0;
    for (const s of saves) {
      keysSet += s.write.set.length;
      keysDeleted += s.write.del.length;
    }
    this.stats.snapshots++;
    this.stats.lastSnapshot = { ms, tasks: saves.length, keysSet, keysDeleted };
    this.d.log.debug({ reason, ms: Math.round(ms * 10) / 10, tasks: saves.length, keysSet, keysDeleted }, 'snapshot written');
  }

  /** Saves; tasks fenced in Redis are dropped and left out of the result. */
  private async save(saves: PreparedSave[]): Promise<PreparedSave[]> {
    const writes = saves.map((s) => ({ task: s.task, gen: s.task.gen, write: s.write }));
    try {
      await untilDone(this.retry, 'redis', 'writing the snapshot', () => this.d.taskStore.save(writes));
      return saves;
    } catch (e) {
      const fenced = fencedTasks(e);
      if (fenced === null) throw e;
      const keys = new Set(fenced.map((t) => taskKey(t.topic, t.partition)));
      await this.fenced(saves.filter((s) => keys.has(s.task.key)).map((s) => s.task));
      return saves.filter((s) => !keys.has(s.task.key));
    }
  }

  private async onFenced(e: unknown): Promise<void> {
    const fenced = fencedTasks(e);
    if (fenced === null) throw e;
    await this.fenced(fenced as Task[]);
  }

  // ---- rules that read other topics ----------------------------------------------------------------

  /** A reload changed the topics rules read: the consumer must subscribe anew (kafkajs cannot add). */
  private async restartIfTopicsChanged(): Promise<void> {
    if (this.stopping || this.restarting) return;
    const topics = topicsOf(this.d.template());
    if (topics.join('\n') === this.topics.join('\n')) return;
    this.d.log.info({ from: this.topics, to: topics }, 'rules read other topics now: rejoining the group');
    this.restarting = true;
    try {
      await this.consumer?.stop();
      await this.serial.run(() => this.dropAll('resubscribing'));
      this.firstAssignmentDone = false;
      await this.startConsumer();
    } finally {
      this.restarting = false;
    }
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => {
      fn().catch((e: unknown) => this.d.log.error({ err: e }, 'periodic step failed'));
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}

function fencedTasks(e: unknown): TopicPartition[] | null {
  if (!(e instanceof CepheusError)) return null;
  if (e.code !== ErrorCodes.STATE_FENCED && e.code !== ErrorCodes.PRODUCER_FENCED) return null;
  return (e.details.tasks as TopicPartition[]) ?? [];
}

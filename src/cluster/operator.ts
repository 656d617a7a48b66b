// The Kafka-mode operator: the consumer group's partitions, each a task.
//
//   Kafka (eachBatch) → decode (undecodable → DLQ) → task engine, ingest per record → Delivery
//         ↑ seek to the snapshot's offset                          snapshot every interval ↓
//   assignment (GROUP_JOIN) → restore task from Redis      Redis: dirty keys + offset, atomic
//
// Each input partition the group assigns us is a task (topology.ts says what its topic's tasks
// do): a rule-running task has its own engine, is restored from its Redis snapshot when it
// arrives (claiming it fences the previous owner), snapshotted incrementally with the offset it
// covers, and dropped when it leaves; a routing task sends its records on to repartition topics
// and keeps nothing but Kafka offsets. Batches, ticks, snapshots and hand-overs run one at a time
// (Serial); a batch costs one await (its alerts or routed records on their way).

import type { Logger } from 'pino';
import type { Engine, RuleSet } from '../engine/engine';
import type { BatchControl, KafkaSourceConsumer, PartitionBatch, TopicPartition } from '../io/kafka/consumer';
import type { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import type { RedisTaskStore } from '../io/redis/task-store';
import type { ServiceMetrics } from '../service/metrics';
import type { Delivery } from './delivery';
import type { Health } from './health';
import { ingestBatch } from './ingest';
import { decodeRecords } from './records';
import { restoreTask } from './restore-task';
import { type RetryContext, backoff, sleep, untilDone } from './retry';
import { routeRecords } from './router';
import { Serial } from './serial';
import { fencedTasks, snapshotTasks } from './snapshot-cycle';
import { Task, taskKey } from './task';
import { rulesFor, seedOrigins, touchPartitions } from './task-engine';
import type { Input, Topology } from './topology';

/** A partition we were fenced out of is not taken back before this, unless a new assignment says so. */
const LOST_BACKOFF_MS = 10_000;
/** kafkajs gave up on its consumer: the first new one after this, then doubling up to the cap */
const CONSUMER_RESTART_MS = 1000;
const CONSUMER_RESTART_MAX_MS = 30_000;

export interface OperatorDeps {
  /** an engine of the current rules that holds no data: which sources and rules there are */
  template(): Engine;
  /** the topics to read and what their tasks do, for the template's rules (creates internal topics) */
  topology(): Promise<Topology>;
  /** a task's own engine, of the given rules */
  newEngine(task: Task, rules: RuleSet): Engine;
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
  readonly retry: RetryContext;
  readonly delivery: Delivery;
  private readonly serial = new Serial();
  /** the partitions the group's last assignment gave us, by task key */
  private assigned = new Map<string, TopicPartition>();
  private readonly lost = new Map<string, number>();
  private consumer: KafkaSourceConsumer | null = null;
  private topology: Topology = { inputs: new Map(), internal: [] };
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private abandoned = false;
  private restarting = false;
  private replacing = false;
  /** the consumer kafkajs gave up on, until a new one runs */
  private dead: KafkaSourceConsumer | null = null;
  private firstAssignmentDone = false;

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

  get topics(): string[] {
    return [...this.topology.inputs.keys()].sort();
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

  /** The template engine has a new rule set (hot reload): the tasks follow, between two batches. */
  applyRules(): void {
    void this.serial
      .run(async () => {
        const next = await this.d.topology();
        if (sameTopics(next, this.topology)) this.retarget(next);
        return next;
      })
      .then((next) => (sameTopics(next, this.topology) ? undefined : this.restartConsumer(next)))
      .catch((e: unknown) => this.d.log.error({ err: e }, 'applying the new rules failed'));
  }

  /** Writes a snapshot now (tests, benchmarks, the interval timer). */
  snapshotNow(reason: string): Promise<void> {
    return this.serial.run(() => this.snapshot(reason));
  }

  // ---- consumer callbacks ------------------------------------------------------------------------

  private async startConsumer(topology?: Topology): Promise<void> {
    this.topology = topology ?? (await this.d.topology());
    const consumer = this.d.newConsumer(this.topics);
    this.consumer = consumer;
    await consumer.start({
      onBatch: (b, c) => this.onBatch(b, c),
      onAssignment: (tps) => this.onAssignment(tps),
      onRebalancing: () => void this.snapshotNow('rebalance').catch(() => undefined),
      onCrash: (e, restarting) => {
        if (this.consumer !== consumer) return;
        // the member left the group either way: what it was assigned is not ours until it rejoins
        this.assigned = new Map();
        if (restarting) {
          this.d.log.warn({ err: e.message }, 'consumer crashed; kafkajs restarts it');
          return;
        }
        if (this.stopping) return;
        this.dead = consumer;
        this.d.health.failing('kafka', `consumer stopped: ${e.message}`);
        this.d.log.error({ err: e }, 'consumer stopped (kafkajs gave up on it); starting a new one');
        void this.replaceConsumer();
      },
    });
  }

  /**
   * kafkajs restarts its consumer only after errors it deems retriable; after a broker restart it
   * can give up on one it does not ("Failed to find group coordinator"). The tasks stay: the new
   * member rejoins, the assignment says what is still ours, and batches it fetches again from the
   * committed offsets are skipped up to what each task has processed. A new consumer whose first
   * join fails the same way is `dead` when its start returns (kafkajs reports that as a crash,
   * not by failing run()): it is tried again, with a longer wait.
   */
  private async replaceConsumer(): Promise<void> {
    if (this.replacing) return;
    this.replacing = true;
    try {
      for (let attempt = 0; ; attempt++) {
        await sleep(backoff(attempt, CONSUMER_RESTART_MS, CONSUMER_RESTART_MAX_MS), { holdProcess: false });
        const dead = this.dead;
        // stopping, or a rules change started a consumer of its own meanwhile
        if (this.gaveWay(dead)) return;
        await dead?.stop();
        if (this.gaveWay(dead)) return;
        try {
          await this.startConsumer(this.topology);
        } catch (e) {
          this.dead = this.consumer;
          this.d.log.warn({ err: (e as Error).message, attempt: attempt + 1 }, 'starting a new consumer failed; trying again');
          continue;
        }
        if (this.dead !== this.consumer) {
          this.dead = null;
          this.d.log.info({ attempts: attempt + 1 }, 'new consumer started');
          return;
        }
        this.d.log.warn({ attempt: attempt + 1 }, 'the new consumer could not join the group either; trying again');
      }
    } finally {
      this.replacing = false;
    }
  }

  /** true when replacing `dead` is no longer this loop's business */
  private gaveWay(dead: KafkaSourceConsumer | null): boolean {
    return this.stopping || this.restarting || dead === null || this.consumer !== dead;
  }

  private onAssignment(tps: TopicPartition[]): void {
    this.assigned = new Map(tps.map((tp) => [taskKey(tp.topic, tp.partition), tp]));
    this.lost.clear();
    void this.serial
      .run(async () => {
        for (const task of [...this.tasks.values()]) if (!this.assigned.has(task.key)) await this.revoke(task);
        // one after the other: restoring is CPU-bound (JSON), and side by side was no faster
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
      const from = this.firstNew(task, batch);
      if (from < 0) return;
      const records = batch.messages.length - from;
      if (task.routes) await this.route(task, batch, from);
      else this.ingest(task, batch, from);
      this.stats.batches++;
      this.stats.records += records;
      if (!task.routes) await this.delivery.afterBatch();
    });
  }

  // ---- the data path -----------------------------------------------------------------------------

  /** Index of the batch's first record not yet processed, or -1 to skip the batch (seeking back). */
  private firstNew(task: Task, batch: PartitionBatch): number {
    const msgs = batch.messages;
    let i = 0;
    while (i < msgs.length && task.next >= 0 && Number(msgs[i].offset) < task.next) i++;
    if (i === 0 && msgs.length > 0 && task.next >= 0 && Number(msgs[0].offset) > task.next && !task.reseeked) {
      // fetched from a committed offset past our snapshot (Redis lost data?): go back once
      task.reseeked = true;
      this.d.log.warn({ task: task.key, expected: task.next, got: msgs[0].offset }, 'batch starts past the snapshot offset; seeking back');
      this.consumer?.seek(task, task.next);
      return -1;
    }
    return i;
  }

  /** Decodes and ingests one batch into the task's engine: no await between its records. */
  private ingest(task: Task, batch: PartitionBatch, from: number): void {
    const decoded = decodeRecords(task, batch.messages, from, this.d.deadLetters);
    const now = Date.now();
    for (const feed of task.input.feeds) ingestBatch(task.engine, feed.source, decoded, now, this.d.metrics, this.d.log);
    task.next = Number(batch.lastOffset) + 1;
  }

  private async route(task: Task, batch: PartitionBatch, from: number): Promise<void> {
    const records = routeRecords(task, batch.messages, from, this.d.deadLetters);
    task.next = Number(batch.lastOffset) + 1;
    try {
      await this.delivery.route(task, records);
    } catch (e) {
      if (fencedTasks(e) === null) throw e;
      await this.fenced([task]);
    }
  }

  private tick(): Promise<void> {
    return this.serial.run(async () => {
      if (this.stopping) return;
      await this.retake();
      if (this.tasks.size === 0) return;
      const now = Date.now();
      for (const task of this.tasks.values()) if (!task.routes) task.engine.tick(now);
      await this.delivery.afterBatch();
    });
  }

  // ---- tasks -------------------------------------------------------------------------------------

  /**
   * Partitions still assigned to us whose rule task was dropped (a failed snapshot, a fence the
   * group never followed with a rebalance): restored again now rather than on their next batch,
   * which on a quiet topic may never come while the records after the snapshot wait unprocessed
   * (restoring seeks back to the snapshot's offset).
   */
  private async retake(): Promise<void> {
    if (!this.firstAssignmentDone || this.restarting) return;
    for (const [key, tp] of this.assigned) {
      const input = this.topology.inputs.get(tp.topic);
      // a routing task keeps nothing to restore: kafkajs resumes it at the committed offset
      if (this.tasks.has(key) || input === undefined || input.routes.length > 0) continue;
      await this.ensureTask(tp).catch((e: unknown) => this.d.log.warn({ err: e, task: key }, 'taking a partition over again failed'));
    }
  }

  /** The task of an assigned partition, set up on first use; null if not ours. */
  private async ensureTask(tp: TopicPartition): Promise<Task | null> {
    const key = taskKey(tp.topic, tp.partition);
    const have = this.tasks.get(key);
    if (have !== undefined) return have;
    const input = this.topology.inputs.get(tp.topic);
    if (!this.assigned.has(key) || input === undefined) return null;
    const lostAt = this.lost.get(key);
    if (lostAt !== undefined && Date.now() - lostAt < LOST_BACKOFF_MS) return null;
    return input.routes.length > 0 ? this.startRouter(tp, input) : this.restore(tp, input);
  }

  /** A routing task keeps nothing in Redis: kafkajs resumes at the committed offset. */
  private async startRouter(tp: TopicPartition, input: Input): Promise<Task> {
    const task = new Task(tp.topic, tp.partition, '', input);
    task.engine = this.d.newEngine(task, rulesFor(this.d.template().rules, input));
    this.tasks.set(task.key, task);
    await this.delivery.routerAssigned(task);
    this.d.log.info({ task: task.key, routes: input.routes.map((r) => r.topic) }, 'partition taken over (routing)');
    return task;
  }

  private async restore(tp: TopicPartition, input: Input): Promise<Task> {
    const key = taskKey(tp.topic, tp.partition);
    const rules = rulesFor(this.d.template().rules, input);
    const r = await untilDone(this.retry, 'redis', `restoring ${key}`, () => restoreTask(this.d.taskStore, tp, input, (t) => this.d.newEngine(t, rules)));
    this.tasks.set(key, r.task);
    try {
      await this.delivery.restored(r.task, r.meta);
    } catch (e) {
      await this.drop(r.task, 'restore failed');
      throw e;
    }
    if (r.task.next >= 0) this.consumer?.seek(tp, r.task.next);
    seedOrigins(r.task);
    touchPartitions(r.task, Date.now());
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
  private async fenced(tasks: readonly TopicPartition[]): Promise<void> {
    for (const tp of tasks) {
      const task = this.tasks.get(taskKey(tp.topic, tp.partition));
      if (task === undefined) continue;
      this.lost.set(task.key, Date.now());
      await this.drop(task, 'fenced: another instance took it over');
    }
  }

  /** Same topics, new rules: every task's engine takes the rules its topic's tasks now run. */
  private retarget(topology: Topology): void {
    this.topology = topology;
    const set = this.d.template().rules;
    for (const task of this.tasks.values()) {
      const input = topology.inputs.get(task.topic);
      if (input === undefined) continue;
      task.input = input;
      task.engine.reload(rulesFor(set, input));
    }
  }

  // ---- snapshots ---------------------------------------------------------------------------------

  private async snapshot(reason: string): Promise<void> {
    const tasks = [...this.tasks.values()].filter((t) => !t.routes);
    if (tasks.length === 0) return;
    try {
      const r = await snapshotTasks({ ...this.d, delivery: this.delivery, retry: this.retry, fenced: (tps) => this.fenced(tps) }, tasks);
      this.stats.snapshots++;
      this.stats.lastSnapshot = r;
      this.d.log.debug({ reason, ...r, ms: Math.round(r.ms * 10) / 10 }, 'snapshot written');
    } catch (e) {
      if (this.abandoned) throw e;
      // the dirty keys are gone: what Redis holds no longer matches the engines; start over from it
      this.d.log.error({ err: e, reason }, 'snapshot failed; reloading every partition from its last snapshot');
      await this.dropAll('snapshot failed');
    }
  }

  // ---- rules that read other topics ----------------------------------------------------------------

  /** The rules read other topics now: the consumer must subscribe anew (kafkajs cannot add topics). */
  private async restartConsumer(topology: Topology): Promise<void> {
    if (this.stopping || this.restarting) return;
    this.d.log.info({ from: this.topics, to: [...topology.inputs.keys()].sort() }, 'rules read other topics now: rejoining the group');
    this.restarting = true;
    try {
      await this.serial.run(() => this.snapshot('resubscribing'));
      await this.consumer?.stop();
      await this.serial.run(() => this.dropAll('resubscribing'));
      this.firstAssignmentDone = false;
      await this.startConsumer(topology);
    } finally {
      this.restarting = false;
    }
  }

  /** Runs `fn` every `ms`, but never queues a second run while one is waiting or running. */
  private every(ms: number, fn: () => Promise<void>): void {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      fn()
        .catch((e: unknown) => this.d.log.error({ err: e }, 'periodic step failed'))
        .finally(() => {
          busy = false;
        });
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}

function sameTopics(a: Topology, b: Topology): boolean {
  const ka = [...a.inputs.keys()].sort().join('\n');
  const kb = [...b.inputs.keys()].sort().join('\n');
  return ka === kb && [...a.inputs.values()].every((i) => (b.inputs.get(i.topic)?.routes.length ?? 0) === i.routes.length);
}

// Snapshots: the engine state and the last log sequence number it includes, taken together in
// one synchronous step between batches. Before the snapshot is written the alert store is flushed
// (every alert that state has produced must be durable: the log behind it is about to go); after
// it is written the log is truncated behind it. Periodic, and once more at shutdown.

import type { EventLog } from '../io/files/event-log';
import type { AlertStore, StateStore } from '../io/ports';
import type { Logger } from '../log';
import type { ServiceMetrics } from './metrics';
import type { Operator } from './operator';

export interface SnapshotDeps {
  operator: Operator;
  store: StateStore;
  alerts: AlertStore;
  eventLog: EventLog;
  /** the last sequence number the engine has processed */
  processedSeq: () => number;
  metrics: ServiceMetrics;
  log: Logger;
}

export class Snapshotter {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** -1: the first take() always writes (a restart that replayed the log must save what it rebuilt) */
  private savedGeneration = -1;

  constructor(private readonly deps: SnapshotDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.take('periodic'), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes a snapshot unless nothing changed since the last; one at a time. */
  async take(reason: string): Promise<void> {
    while (this.running !== null) await this.running;
    if (this.deps.operator.generation === this.savedGeneration) return;
    this.running = this.write(reason).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async write(reason: string): Promise<void> {
    const { operator, store, alerts, eventLog, metrics, log } = this.deps;
    const started = process.hrtime.bigint();
    // one synchronous step: the state, as text (exportState shares objects with the running
    // engine, which goes on while we await), and the position it corresponds to
    const generation = operator.generation;
    const seq = this.deps.processedSeq();
    const stateJson = JSON.stringify(operator.exportState());
    try {
      await alerts.flush();
      await store.save({ positions: { log: seq }, takenAt: Date.now(), stateJson });
      this.savedGeneration = generation;
      const removed = await eventLog.truncateThrough(seq);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.snapshots.observe(seconds);
      log.debug({ reason, seq, ms: Math.round(seconds * 1000), segmentsRemoved: removed }, 'snapshot written');
    } catch (e) {
      // the log still holds everything since the previous snapshot: nothing is lost, only later
      log.error({ err: e, reason, seq }, 'snapshot failed');
      if (reason === 'shutdown') throw e;
    }
  }
}

// Where the engine's results go in the Kafka mode. An alert is attributed to the task (input
// partition) whose key it is about, because in exactly-once mode it travels in that partition's
// transaction: the key's partition as the engine recorded it, or for a key the engine has not
// kept yet, the partition being processed.

import type { Alert } from '../engine/alert';
import type { Engine } from '../engine/engine';
import type { DeadLetter, EngineOutput } from '../engine/output';
import type { DeadLetterSink } from '../io/ports';
import { type Logger, ruleLogger } from '../log';
import type { ServiceMetrics } from '../service/metrics';
import type { Delivery } from './delivery';
import { engineKeyText, topicOfRule } from './engine-parts';
import { type Task, taskKey } from './task';

export interface OutputContext {
  engine(): Engine;
  tasks(): ReadonlyMap<string, Task>;
  /** the task whose batch is being processed, if any */
  current(): Task | null;
}

export class ClusterOutput implements EngineOutput {
  private readonly ruleLogs = new Map<string, Logger>();

  constructor(
    private readonly ctx: OutputContext,
    private readonly delivery: () => Delivery,
    private readonly deadLetters: DeadLetterSink,
    private readonly metrics: ServiceMetrics,
    private readonly root: Logger,
  ) {}

  alert(a: Alert): void {
    this.metrics.alerts.inc({ rule: a.rule, kind: a.kind });
    this.logFor(a.rule).info({ alertId: a.id, kind: a.kind, key: a.key, severity: a.severity, start: a.start, end: a.end, revision: a.revision }, 'alert');
    this.delivery().alert(a, this.taskOf(a));
  }

  deadLetter(d: DeadLetter): void {
    this.deadLetters.write(d);
    this.metrics.deadLetters.inc({ source: d.source, reason: d.reason });
    if (d.reason === 'late' && d.rule !== null) this.metrics.late.inc({ rule: d.rule });
  }

  private taskOf(a: Alert): Task | null {
    const engine = this.ctx.engine();
    const partition = engine.runtimes.get(a.rule)?.keyPartition(engineKeyText(a.key));
    const topic = topicOfRule(engine, a.rule);
    if (partition !== undefined && topic !== undefined) {
      const t = this.ctx.tasks().get(taskKey(topic, Number(partition)));
      if (t !== undefined) return t;
    }
    return this.ctx.current();
  }

  private logFor(rule: string): Logger {
    let log = this.ruleLogs.get(rule);
    if (log === undefined) {
      log = ruleLogger(this.root, rule);
      this.ruleLogs.set(rule, log);
    }
    return log;
  }
}

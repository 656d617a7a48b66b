// Where a task engine's results go: its alerts to the delivery (in exactly-once mode they travel in
// this task's transaction), its dead letters to the dead-letter topic, and both into the metrics
// and the log.

import type { Alert } from '../engine/alert';
import type { DeadLetter, EngineOutput } from '../engine/output';
import type { DeadLetterSink } from '../io/ports';
import { type Logger, ruleLogger } from '../log';
import type { ServiceMetrics } from '../service/metrics';
import type { Delivery } from './delivery';
import type { Task } from './task';

export interface OutputDeps {
  delivery: () => Delivery;
  deadLetters: DeadLetterSink;
  metrics: ServiceMetrics;
  root: Logger;
}

const ruleLogs = new WeakMap<Logger, Map<string, Logger>>();

export class TaskOutput implements EngineOutput {
  constructor(
    private readonly task: Task,
    private readonly d: OutputDeps,
  ) {}

  alert(a: Alert): void {
    this.d.metrics.alerts.inc({ rule: a.rule, kind: a.kind });
    logFor(this.d.root, a.rule).info({ alertId: a.id, kind: a.kind, key: a.key, severity: a.severity, start: a.start, end: a.end, revision: a.revision, task: this.task.key }, 'alert');
    this.d.delivery().alert(a, this.task);
  }

  deadLetter(d: DeadLetter): void {
    this.d.deadLetters.write(d);
    this.d.metrics.deadLetters.inc({ source: d.source, reason: d.reason });
    if (d.reason === 'late' && d.rule !== null) this.d.metrics.late.inc({ rule: d.rule });
  }
}

function logFor(root: Logger, rule: string): Logger {
  let byRule = ruleLogs.get(root);
  if (byRule === undefined) ruleLogs.set(root, (byRule = new Map()));
  let log = byRule.get(rule);
  if (log === undefined) byRule.set(rule, (log = ruleLogger(root, rule)));
  return log;
}

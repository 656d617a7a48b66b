// Where the engine's alerts and dead letters go in the service: the alert store (REST, SSE), the
// metrics, the dead-letter sink, and the log (an `alert` line per alert, from the rule's logger).

import type { Alert } from '../engine/alert';
import type { DeadLetter, EngineOutput } from '../engine/output';
import type { AlertStore, DeadLetterSink } from '../io/ports';
import { type Logger, ruleLogger } from '../log';
import type { ServiceMetrics } from './metrics';

export interface OutputDeps {
  alerts: AlertStore;
  deadLetters: DeadLetterSink;
  metrics: ServiceMetrics;
  root: Logger;
}

export class ServiceOutput implements EngineOutput {
  private readonly ruleLogs = new Map<string, Logger>();
  /** alerts emitted since start (replayed ones included) */
  emitted = 0;

  constructor(private readonly deps: OutputDeps) {}

  alert(a: Alert): void {
    this.emitted++;
    this.deps.alerts.put(a);
    this.deps.metrics.alerts.inc({ rule: a.rule, kind: a.kind });
    this.logFor(a.rule).info({ alertId: a.id, kind: a.kind, key: a.key, severity: a.severity, start: a.start, end: a.end, revision: a.revision }, 'alert');
  }

  deadLetter(d: DeadLetter): void {
    this.deps.deadLetters.write(d);
    this.deps.metrics.deadLetters.inc({ source: d.source, reason: d.reason });
    if (d.reason === 'late' && d.rule !== null) this.deps.metrics.late.inc({ rule: d.rule });
  }

  logFor(rule: string): Logger {
    let log = this.ruleLogs.get(rule);
    if (log === undefined) {
      log = ruleLogger(this.deps.root, rule);
      this.ruleLogs.set(rule, log);
    }
    return log;
  }
}

// Rule reloads in the Kafka mode. The service's RuleManager (src/service/rule-manager.ts) drives
// an Operator; this one swaps the rule set into the template engine at once (so the answer and
// the topics are those of the new rules) and into every task engine in the operator's queue,
// between two batches, like any other step that changes an engine.

import type { Engine, ReloadReport, RuleSet } from '../engine/engine';
import type { Logger } from '../log';
import type { ServiceMetrics } from '../service/metrics';
import { Operator } from '../service/operator';

export class RulesOperator extends Operator {
  constructor(
    view: Engine,
    private readonly template: Engine,
    private readonly applyToTasks: () => void,
    metrics: ServiceMetrics,
    log: Logger,
  ) {
    super(view, metrics, log);
  }

  override reload(set: RuleSet): ReloadReport {
    const report = this.template.reload(set);
    this.applyToTasks();
    this.generation++;
    return report;
  }
}

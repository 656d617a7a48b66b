// A firing window → its alert (LANGUAGE.md 8, 10), or nothing when `having` does not hold.
// fields: every aggregate by name, then the emit fields (an emit field named like an aggregate
// replaces its value). The id derives from the rule, version, key and the window's anchor, so a
// re-firing carries the same id with the next revision.

import { type Alert, alertId, withRuleInfo } from '../alert';
import type { AggregateKind } from './accumulators';
import { type AccRow, rowResults } from './acc-row';
import type { WindowRule } from './window-rule';

export interface FiringKey {
  readonly text: string;
  readonly key: unknown;
}

export class WindowAlerts {
  private readonly results: unknown[] = [];

  constructor(
    private readonly rule: WindowRule,
    private readonly kinds: readonly AggregateKind[],
    private readonly clock: () => number,
  ) {}

  build(k: FiringKey, start: number, end: number, acc: AccRow, revision: number, anchor: string): Alert | null {
    const rule = this.rule;
    const results = rowResults(this.kinds, acc, this.results);
    const scope = rule.scope;
    scope.event = null;
    scope.steps = null;
    scope.prior = null;
    scope.key = k.key;
    scope.aggs = results;
    scope.windowStart = start;
    scope.windowEnd = end;
    try {
      if (rule.having !== null && rule.having(scope) !== true) return null;
      return withRuleInfo({
        id: alertId(rule.name, rule.version, k.text, 'window', anchor),
        rule: rule.name,
        version: rule.version,
        kind: 'window',
        key: k.key,
        severity: rule.severity,
        start,
        end,
        detectedAt: this.clock(),
        revision,
        events: {},
        fields: this.fields(results),
      }, rule);
    } finally {
      scope.aggs = null;
    }
  }

  private fields(results: readonly unknown[]): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    const aggs = this.rule.aggregates;
    for (let i = 0; i < aggs.length; i++) setField(fields, aggs[i].name, results[i]);
    for (const f of this.rule.emit) {
      const v = f.eval(this.rule.scope);
      setField(fields, f.name, v === undefined ? null : v);
    }
    return fields;
  }
}

/** An own field even for a name like `__proto__` (an emit name may be any string). */
function setField(o: Record<string, unknown>, name: string, v: unknown): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
  else o[name] = v;
}

// Turning a completed (or timed-out) partial match into the alert of LANGUAGE.md section 10:
// events by step in pattern order, emit fields evaluated over the whole match, a stable id.

import type { EvalScope, PriorValues } from '../lang/expr/scope';
import { type Alert, alertId, withRuleInfo } from './alert';
import type { BufferedEvent } from './nfa/buffered-event';
import type { StepLists } from './nfa/shared-buffer';
import type { EmitField, PatternRule } from './rule';

export interface AlertInput {
  rule: PatternRule;
  /** the rule's scope, refilled here for emit */
  scope: EvalScope;
  keyText: string;
  key: unknown;
  lists: StepLists;
  /** the match's last event: bare fields in emit read it */
  last: BufferedEvent;
  /** prior as of the event that completed the match */
  prior: PriorValues | null;
  detectedAt: number;
}

export function patternAlert(
  input: AlertInput,
  kind: 'match' | 'timeout',
  start: number,
  end: number,
  emit: readonly EmitField[],
): Alert {
  const { rule, lists } = input;
  const names = rule.automaton.steps.names;
  const negated = rule.automaton.steps.negated;
  const events: Record<string, unknown[]> = {};
  const positions: string[] = [];
  for (let i = 0; i < names.length; i++) {
    if (negated[i]) continue;
    const list = lists[i];
    events[names[i]] = list.map((e) => e.value);
    positions.push(`${names[i]}=${list.map((e) => e.pos).join(',')}`);
  }
  return withRuleInfo({
    id: alertId(rule.name, rule.version, input.keyText, kind, positions.join(';')),
    rule: rule.name,
    version: rule.version,
    kind,
    key: input.key,
    severity: rule.severity,
    start,
    end,
    detectedAt: input.detectedAt,
    events,
    fields: emitFields(input, emit),
  }, rule);
}

/** LANGUAGE.md 5.5: step references see the whole match, bare fields its last event. */
function emitFields(input: AlertInput, emit: readonly EmitField[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (emit.length === 0) return fields;
  const { scope, lists, last } = input;
  scope.event = last.value;
  scope.time = last.time;
  scope.key = input.key;
  scope.steps = { events: (step: number) => lists[step] ?? [] };
  scope.prior = input.prior;
  for (const f of emit) {
    const v = f.eval(scope);
    fields[f.name] = v === undefined ? null : v;
  }
  scope.steps = null;
  return fields;
}

export function lastEvent(lists: StepLists): BufferedEvent | null {
  let out: BufferedEvent | null = null;
  for (const list of lists) {
    for (const e of list) {
      if (out === null || e.time > out.time || (e.time === out.time && e.arrival > out.arrival)) out = e;
    }
  }
  return out;
}

export function firstEventTime(lists: StepLists): number {
  let t = Infinity;
  for (const list of lists) if (list.length > 0 && list[0].time < t) t = list[0].time;
  return t;
}

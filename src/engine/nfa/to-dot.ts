// `cepheus explain`: the compiled automaton as Graphviz dot, so users (and we) can see the states
// and branches a pattern became.

import type { Automaton } from './compile';
import { Action, type Cond, CondKind, type State, StateType } from './state';

export function automatonToDot(name: string, a: Automaton): string {
  const lines = [`digraph ${JSON.stringify(name)} {`, '  rankdir=LR;', '  node [shape=circle, fontname="Helvetica"];'];
  const reachable = reachableStates(a.start);
  for (const s of reachable) lines.push(`  s${s.id} [label=${JSON.stringify(s.name)}${shapeOf(s)}];`);
  for (const s of reachable) {
    for (const t of s.transitions) {
      const label = `${actionName(t.action)}: ${condText(t.cond, a.steps.names)}`;
      const style = t.action === Action.Proceed ? ', style=dashed' : t.action === Action.Ignore ? ', style=dotted' : '';
      lines.push(`  s${s.id} -> s${t.target.id} [label=${JSON.stringify(label)}${style}];`);
    }
  }
  if (a.windowTime > 0) lines.push(`  label=${JSON.stringify(`within ${a.windowTime} ms`)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function reachableStates(start: State): State[] {
  const seen = new Set<State>([start]);
  const order: State[] = [start];
  for (let i = 0; i < order.length; i++) {
    for (const t of order[i].transitions) {
      if (!seen.has(t.target)) {
        seen.add(t.target);
        order.push(t.target);
      }
    }
  }
  return order;
}

function shapeOf(s: State): string {
  switch (s.type) {
    case StateType.Start:
      return ', shape=circle, style=bold';
    case StateType.Final:
      return ', shape=doublecircle';
    case StateType.Stop:
      return ', shape=octagon';
    case StateType.Pending:
      return ', shape=circle, style=dashed';
    default:
      return '';
  }
}

function actionName(a: Action): string {
  return a === Action.Take ? 'take' : a === Action.Ignore ? 'ignore' : 'proceed';
}

function condText(c: Cond, steps: readonly string[]): string {
  switch (c.kind) {
    case CondKind.True:
      return 'true';
    case CondKind.Step:
      return steps[c.step];
    case CondKind.Until:
      return `until(${steps[c.step]})`;
    case CondKind.Not:
      return `not ${condText(c.a as Cond, steps)}`;
    case CondKind.And:
      return `(${condText(c.a as Cond, steps)} and ${condText(c.b as Cond, steps)})`;
  }
}

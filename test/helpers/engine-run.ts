// Running events through an Engine in process, with the replay's control-line convention.
import { compileRuleFiles } from '../../src/compile/compile-rules';
import type { Alert } from '../../src/engine/alert';
import { Engine } from '../../src/engine/engine';
import { installWindows } from '../../src/engine/windows';

export function compile(rules: string) {
  installWindows();
  const result = compileRuleFiles([{ file: 'rules.cep', text: rules }]);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.ruleSet;
}

export function newEngine(rules: string, alerts: Alert[]): Engine {
  return new Engine(compile(rules), { alert: (a) => alerts.push(a), deadLetter: () => {} }, () => 0);
}

export function feed(engine: Engine, events: readonly Record<string, unknown>[], from = 0): void {
  events.forEach((e, i) => {
    if (typeof e._watermark === 'number') engine.watermark('events', e._watermark);
    else engine.ingest('events', e, String(from + i + 1));
  });
}

/** The alerts as comparable strings: id, kind and the matched events' ids by step. */
export function signatures(alerts: readonly Alert[]): string[] {
  return alerts
    .map((a) => {
      const ev = Object.entries(a.events).map(([s, l]) => `${s}=${l.map((e) => (e as { id?: unknown }).id).join(',')}`);
      return `${a.rule}|${a.kind}|${a.id}|${a.revision ?? ''}|${ev.join(';')}|${JSON.stringify(a.fields)}`;
    })
    .sort();
}

// The rule endpoints and /metrics read "the engine" (rule counters, open partial matches,
// watermarks). In the Kafka mode there is one engine per task, so they get this view instead:
// counters and partial matches summed over the task engines, watermarks the minimum. It offers
// only what those readers use (runtimes, sources, rules); it is not an engine to run.

import type { Engine, RuleCounters } from '../engine/engine';

interface RuntimeView {
  rule: unknown;
  counters: RuleCounters;
  openPartialMatches: number;
  keyCount: number;
}

interface SourceView {
  spec: unknown;
  rules: unknown[];
  watermark: { value: number };
}

export function tasksView(template: () => Engine, engines: () => Iterable<Engine>): Engine {
  const view = {
    get rules() {
      return template().rules;
    },
    get runtimes(): Map<string, RuntimeView> {
      const out = new Map<string, RuntimeView>();
      for (const [name, rt] of template().runtimes) {
        out.set(name, { rule: rt.rule, counters: { events: 0, matches: 0, timeouts: 0, late: 0, dropped: 0 }, openPartialMatches: 0, keyCount: 0 });
      }
      for (const e of engines()) {
        for (const [name, rt] of e.runtimes) {
          const v = out.get(name);
          if (v === undefined) continue;
          for (const k of Object.keys(v.counters) as (keyof RuleCounters)[]) v.counters[k] += rt.counters[k];
          v.openPartialMatches += rt.openPartialMatches;
          v.keyCount += rt.keyCount;
        }
      }
      return out;
    },
    get sources(): Map<string, SourceView> {
      const out = new Map<string, SourceView>();
      for (const [name, src] of template().sources) out.set(name, { spec: src.spec, rules: src.rules, watermark: { value: Infinity } });
      for (const e of engines()) {
        for (const [name, src] of e.sources) {
          const v = out.get(name);
          if (v !== undefined && src.watermark.value < v.watermark.value) v.watermark.value = src.watermark.value;
        }
      }
      for (const v of out.values()) if (v.watermark.value === Infinity) v.watermark.value = -Infinity;
      return out;
    },
  };
  return view as unknown as Engine;
}

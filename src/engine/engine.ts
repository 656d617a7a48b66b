// The engine: sources and the rules that read them. Pure: events, times and watermarks come in
// as data; alerts and dead letters go out through EngineOutput. The operator at the edge (replay,
// HTTP service, Kafka consumer) owns the clock and the I/O.

import { CepheusError, ErrorCodes } from '../errors';
import type { EngineOutput } from './output';
import { PatternRuntime } from './pattern-runtime';
import { SuppressingOutput } from './suppress';
import type { PatternRule } from './rule';
import type { WindowRule } from './windows/window-rule';
import { type IngestResult, type SourceRule, SourceRuntime, type SourceSpec } from './source-runtime';

/** Any compiled rule the engine can run; window rules join in their own module. */
export type CompiledRule = PatternRule | WindowRule;

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** declared sources by name */
  readonly sources: ReadonlyMap<string, SourceSpec>;
}

/** Builds the runtime of a rule kind; window rules register theirs (see windows/). */
export type RuntimeFactory = (rule: CompiledRule, output: EngineOutput, clock: () => number) => SourceRule & RuleRuntime;

export interface RuleRuntime {
  readonly rule: CompiledRule;
  readonly counters: { events: number; matches: number; timeouts: number; late: number; dropped: number };
  readonly openPartialMatches: number;
}

export function defaultSource(name: string): SourceSpec {
  return { name, topic: name, timePath: ['ts'], watermarkMs: 0, idleMs: null, latenessMs: 0 };
}

const factories = new Map<string, RuntimeFactory>([
  ['pattern', (rule, output, clock) => new PatternRuntime(rule as PatternRule, output, clock)],
]);

export function registerRuntime(kind: string, factory: RuntimeFactory): void {
  factories.set(kind, factory);
}

export class Engine {
  readonly sources = new Map<string, SourceRuntime>();
  readonly runtimes = new Map<string, SourceRule & RuleRuntime>();

  constructor(
    set: RuleSet,
    private readonly output: EngineOutput,
    private readonly clock: () => number,
  ) {
    for (const spec of set.sources.values()) this.source(spec.name, set);
    for (const rule of set.rules) {
      if (!rule.enabled) continue;
      const factory = factories.get(rule.kind);
      if (factory === undefined) throw new CepheusError(ErrorCodes.NO_RUNTIME, `no runtime for rule kind ${rule.kind}`);
      const ruleOutput = rule.suppress !== null ? new SuppressingOutput(output, rule.suppress) : output;
      const rt = factory(rule, ruleOutput, clock);
      this.runtimes.set(rule.name, rt);
      this.source(rule.source, set).rules.push(rt);
    }
  }

  private source(name: string, set: RuleSet): SourceRuntime {
    let src = this.sources.get(name);
    if (src === undefined) {
      src = new SourceRuntime(set.sources.get(name) ?? defaultSource(name), this.output);
      this.sources.set(name, src);
    }
    return src;
  }

  /** One decoded event of `source`; `pos` names where it came from (line, partition/offset). */
  ingest(source: string, value: unknown, pos: string, partition = '', now = 0): IngestResult | 'no-source' {
    const src = this.sources.get(source);
    if (src === undefined) return 'no-source';
    return src.ingest(value, pos, partition, now);
  }

  /** A watermark set from outside (`{"_watermark": ms}`); only ever forward. */
  watermark(source: string, ms: number): void {
    this.sources.get(source)?.advanceTo(ms);
  }

  /** End of bounded input: every source's watermark goes to +∞. */
  finish(): void {
    for (const src of this.sources.values()) src.finish();
  }
}

// The engine: sources and the rules that read them. Pure: events, times and watermarks come in
// as data; alerts and dead letters go out through EngineOutput. The operator at the edge (replay,
// HTTP service, Kafka consumer) owns the clock and the I/O, and persists what exportState /
// takeDirty give it.

import { CepheusError, ErrorCodes } from '../errors';
import type { EngineOutput } from './output';
import type { RuleCounters } from './keyed-entries';
import { PatternRuntime } from './pattern-runtime';
import type { PatternRule } from './rule';
import {
  type IngestResult,
  type SourceRule,
  SourceRuntime,
  type SourceSpec,
  type SourcePartitionJson,
  type SourceStateJson,
} from './source-runtime';
import type { WindowRule } from './windows/window-rule';

/** Any compiled rule the engine can run. */
export type CompiledRule = PatternRule | WindowRule;

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** declared sources by name */
  readonly sources: ReadonlyMap<string, SourceSpec>;
}

export type { RuleCounters } from './keyed-entries';

/** What every rule kind's runtime offers besides taking events. */
export interface RuleRuntime extends SourceRule {
  readonly rule: CompiledRule;
  readonly counters: RuleCounters;
  readonly openPartialMatches: number;
  readonly keyCount: number;
  /** keys changed since the previous call, with the source partition of each */
  takeDirty(): [string, string][];
  keyTexts(): IterableIterator<string>;
  keyPartition(text: string): string | undefined;
  dropKey(text: string): void;
  /** one key's state as plain JSON, null when the rule holds nothing for it */
  exportKey(text: string): unknown;
  importKey(text: string, json: unknown): void;
}

/** Builds the runtime of a rule kind; window rules register theirs (see windows/). */
export type RuntimeFactory = (rule: CompiledRule, output: EngineOutput, clock: () => number) => RuleRuntime;

/** The whole engine state as plain JSON: what a snapshot file holds. */
export interface EngineState {
  format: 1;
  sources: SourceStateJson[];
  rules: RuleStateJson[];
}

export interface RuleStateJson {
  name: string;
  version: string;
  stateSignature: string;
  counters: RuleCounters;
  /** [key, state (null: deleted), source partition] */
  keys: [string, unknown, string][];
}

/** A source partition's share of the engine state: what moves when a partition changes hands. */
export interface PartitionState {
  source: string;
  partition: string;
  sourceState: SourcePartitionJson;
  rules: RuleStateJson[];
}

/** What a hot reload did to each rule (LANGUAGE.md 12). */
export interface ReloadReport {
  added: string[];
  /** same version: untouched */
  kept: string[];
  /** changed, but same automaton and key: partial matches carried over */
  carried: string[];
  /** changed otherwise: started empty; `dropped` partial matches were discarded */
  reset: { name: string; dropped: number }[];
  removed: string[];
}

function withPartitions(rt: RuleRuntime, keys: Iterable<string>): [string, string][] {
  const out: [string, string][] = [];
  for (const k of keys) out.push([k, rt.keyPartition(k) ?? '']);
  return out;
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
  readonly runtimes = new Map<string, RuleRuntime>();
  private ruleSet: RuleSet;

  constructor(
    set: RuleSet,
    private readonly output: EngineOutput,
    private readonly clock: () => number,
  ) {
    this.ruleSet = set;
    for (const rule of set.rules) {
      if (rule.enabled) this.runtimes.set(rule.name, this.newRuntime(rule));
    }
    this.wireSources();
  }

  get rules(): RuleSet {
    return this.ruleSet;
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

  /** Processing time passed: idle partitions stop holding watermarks back (LANGUAGE.md 3 `idle`). */
  tick(now: number): void {
    for (const src of this.sources.values()) src.advanceTo(src.watermark.tick(now));
  }

  /** End of bounded input: every source's watermark goes to +∞. */
  finish(): void {
    for (const src of this.sources.values()) src.finish();
  }

  // ---- hot reload ------------------------------------------------------------------------------

  /**
   * Swaps in a new rule set between two events (LANGUAGE.md 12): an unchanged rule keeps its
   * runtime; a rule changed only outside its automaton and key keeps its partial matches; any
   * other changed rule starts empty; a removed rule's state is deleted. Sources keep their
   * watermarks and queued events, so no event is lost or evaluated twice.
   */
  reload(set: RuleSet): ReloadReport {
    const report: ReloadReport = { added: [], kept: [], carried: [], reset: [], removed: [] };
    const next = new Map<string, RuleRuntime>();
    for (const rule of set.rules) {
      if (!rule.enabled) continue;
      const old = this.runtimes.get(rule.name);
      if (old !== undefined && old.rule.version === rule.version) {
        next.set(rule.name, old);
        report.kept.push(rule.name);
        continue;
      }
      const rt = this.newRuntime(rule);
      next.set(rule.name, rt);
      if (old === undefined) report.added.push(rule.name);
      else if (old.rule.kind === rule.kind && old.rule.stateSignature === rule.stateSignature) {
        for (const text of old.keyTexts()) rt.importKey(text, old.exportKey(text));
        Object.assign(rt.counters, old.counters);
        report.carried.push(rule.name);
      } else {
        report.reset.push({ name: rule.name, dropped: old.openPartialMatches });
      }
    }
    for (const name of this.runtimes.keys()) if (!next.has(name)) report.removed.push(name);
    this.runtimes.clear();
    for (const [name, rt] of next) this.runtimes.set(name, rt);
    this.ruleSet = set;
    this.wireSources();
    return report;
  }

  // ---- state -----------------------------------------------------------------------------------

  exportState(): EngineState {
    return {
      format: 1,
      sources: [...this.sources.values()].map((s) => s.exportState()),
      rules: [...this.runtimes.values()].map((rt) => this.exportRule(rt, withPartitions(rt, rt.keyTexts()))),
    };
  }

  /** The state of one source partition's keys and queued events. */
  exportPartition(source: string, partition: string): PartitionState {
    const src = this.sources.get(source);
    const rules = (src?.rules ?? []) as RuleRuntime[];
    return {
      source,
      partition,
      sourceState: src?.exportPartition(partition) ?? { partition, max: null, queued: [], arrival: 0 },
      rules: rules.map((rt) => {
        const keys = [...rt.keyTexts()].filter((k) => rt.keyPartition(k) === partition);
        return this.exportRule(rt, keys.map((k): [string, string] => [k, partition]));
      }),
    };
  }

  /** Forgets a partition handed to another instance: its keys, queued events, watermark part. */
  dropPartition(source: string, partition: string): void {
    const src = this.sources.get(source);
    if (src === undefined) return;
    for (const rt of src.rules as RuleRuntime[]) {
      for (const k of [...rt.keyTexts()]) if (rt.keyPartition(k) === partition) rt.dropKey(k);
    }
    src.dropPartition(partition);
  }

  /** Takes over a partition exported by another instance (or restored from a store). */
  importPartition(state: PartitionState): void {
    const src = this.sources.get(state.source);
    if (src === undefined) return;
    src.importPartition(state.sourceState);
    for (const r of state.rules) this.importRule(r);
    for (const rt of src.rules) rt.onWatermark(src.watermark.value);
  }

  /** The keys each rule changed since the previous call, with their state now (null: deleted). */
  takeDirty(): RuleStateJson[] {
    return [...this.runtimes.values()].map((rt) => this.exportRule(rt, rt.takeDirty()));
  }

  /**
   * Loads a state exported earlier, into an engine built from the rule set it is to continue
   * with. A rule's keys are loaded when its version is the same, or its automaton and key are.
   */
  importState(state: EngineState): void {
    for (const s of state.sources) this.sources.get(s.name)?.importState(s);
    for (const r of state.rules) this.importRule(r);
    // re-arm every key's deadline against the restored watermark
    for (const src of this.sources.values()) {
      for (const rt of src.rules) rt.onWatermark(src.watermark.value);
    }
  }

  importRule(r: RuleStateJson): boolean {
    const rt = this.runtimes.get(r.name);
    if (rt === undefined) return false;
    if (rt.rule.version !== r.version && rt.rule.stateSignature !== r.stateSignature) return false;
    for (const [text, json] of r.keys) if (json !== null) rt.importKey(text, json);
    Object.assign(rt.counters, r.counters);
    return true;
  }

  private exportRule(rt: RuleRuntime, keys: [string, string][]): RuleStateJson {
    return {
      name: rt.rule.name,
      version: rt.rule.version,
      stateSignature: rt.rule.stateSignature,
      counters: { ...rt.counters },
      keys: keys.map(([k, p]) => [k, rt.exportKey(k) ?? null, p]),
    };
  }

  // ---- wiring ------------------------------------------------------------------------------------

  private newRuntime(rule: CompiledRule): RuleRuntime {
    const factory = factories.get(rule.kind);
    if (factory === undefined) throw new CepheusError(ErrorCodes.NO_RUNTIME, `no runtime for rule kind ${rule.kind}`);
    return factory(rule, this.output, this.clock);
  }

  /** Hands each source the runtimes that read it, in rule order; keeps sources' state. */
  private wireSources(): void {
    for (const src of this.sources.values()) {
      src.rules = [];
      src.updateSpec(this.ruleSet.sources.get(src.spec.name) ?? defaultSource(src.spec.name));
    }
    for (const spec of this.ruleSet.sources.values()) this.sourceFor(spec.name);
    for (const rule of this.ruleSet.rules) {
      const rt = this.runtimes.get(rule.name);
      if (rt !== undefined) this.sourceFor(rule.source).rules.push(rt);
    }
  }

  private sourceFor(name: string): SourceRuntime {
    let src = this.sources.get(name);
    if (src === undefined) {
      src = new SourceRuntime(this.ruleSet.sources.get(name) ?? defaultSource(name), this.output);
      this.sources.set(name, src);
    }
    return src;
  }
}

// The operator around the pure engine: the one place that feeds it events, processing time,
// rule sets and state. Everything here is synchronous, and callers run it from the event loop
// between batches, so a reload or a snapshot never falls in the middle of a batch.

import type { Engine, EngineState, ReloadReport, RuleSet } from '../engine/engine';
import type { EventBatch } from '../io/ports';
import type { Logger } from '../log';
import type { ServiceMetrics } from './metrics';

export class Operator {
  /** bumped by everything that changes the engine's state: a snapshot is due when it moved */
  generation = 0;

  constructor(
    readonly engine: Engine,
    private readonly metrics: ServiceMetrics,
    private readonly log: Logger,
  ) {}

  hasSource(name: string): boolean {
    return this.engine.sources.has(name);
  }

  /** One batch, in order; `{"_watermark": ms}` values move the source's watermark, as in replay. */
  process(batch: EventBatch, now = Date.now()): void {
    const { source, values, positions, partition } = batch;
    const engine = this.engine;
    let events = 0;
    let unrouted = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as { _watermark?: unknown };
      try {
        if (v._watermark !== undefined) {
          if (typeof v._watermark === 'number') engine.watermark(source, v._watermark);
        } else if (engine.ingest(source, v, positions[i], partition, now) === 'no-source') unrouted++;
        else events++;
      } catch (e) {
        // an engine bug must not stop the stream: count it, say where, go on
        this.metrics.engineErrors.inc();
        this.log.error({ err: e, source, pos: positions[i] }, 'the engine failed on an event');
      }
    }
    if (events > 0) this.metrics.events.inc({ source }, events);
    if (unrouted > 0) this.metrics.unrouted.inc({ source }, unrouted);
    this.generation++;
  }

  /** Processing time passed: idle sources advance their watermarks (LANGUAGE.md 3 `idle`). */
  tick(now = Date.now()): void {
    const before = this.watermarks();
    this.engine.tick(now);
    if (this.watermarks() !== before) this.generation++;
  }

  reload(set: RuleSet): ReloadReport {
    const report = this.engine.reload(set);
    this.generation++;
    return report;
  }

  exportState(): EngineState {
    return this.engine.exportState();
  }

  importState(state: EngineState): void {
    this.engine.importState(state);
  }

  private watermarks(): string {
    let s = '';
    for (const src of this.engine.sources.values()) s += `${src.watermark.value},`;
    return s;
  }
}

// One batch of decoded records into a task's engine: each record in order, no await between
// them. `{"_watermark": ms}` records move the source's watermark, as control lines do in replay.

import type { Engine } from '../engine/engine';
import type { Logger } from '../log';
import type { ServiceMetrics } from '../service/metrics';

export interface DecodedBatch {
  values: readonly object[];
  positions: readonly string[];
  /** the engine partition each record comes from (its watermark part) */
  partitions: readonly string[];
  /** a repartition topic's watermark marks: marks[i] is the origin's event time, NaN for an event */
  marks?: readonly number[];
}

export function ingestBatch(engine: Engine, source: string, b: DecodedBatch, now: number, metrics: ServiceMetrics, log: Logger): void {
  let events = 0;
  const marks = b.marks;
  for (let i = 0; i < b.values.length; i++) {
    const v = b.values[i] as { _watermark?: unknown };
    try {
      if (marks !== undefined && !Number.isNaN(marks[i])) mark(engine, source, b.partitions[i], marks[i], now);
      else if (v._watermark !== undefined) {
        if (typeof v._watermark === 'number') engine.watermark(source, v._watermark);
      } else if (engine.ingest(source, v, b.positions[i], b.partitions[i], now) !== 'no-source') events++;
    } catch (e) {
      // an engine bug must not stop the stream: count it, say where, go on
      metrics.engineErrors.inc();
      log.error({ err: e, source, pos: b.positions[i] }, 'the engine failed on an event');
    }
  }
  if (events > 0) metrics.events.inc({ source }, events);
}

/** The origin partition has seen events up to `time`: its part of the watermark moves as if it had. */
function mark(engine: Engine, source: string, partition: string, time: number, now: number): void {
  const wm = engine.sources.get(source)?.watermark;
  if (wm !== undefined) engine.watermark(source, wm.observe(time, partition, now));
}

// One source (stream): decode the event time, hold events until the watermark passes them, then
// hand them to the source's rules in event-time order (ties by arrival). Late events and events
// without a usable time are reported, never silently dropped.

import type { PathSeg } from '../lang/ast';
import { EventQueue } from './time/event-queue';
import { readEventTime } from './time/event-time';
import { Watermark } from './time/watermark';
import type { EngineOutput, SourceEvent } from './output';
import { heldEvent } from './nfa/buffered-event';

export interface SourceSpec {
  readonly name: string;
  readonly topic: string;
  readonly timePath: readonly PathSeg[];
  readonly watermarkMs: number;
  readonly idleMs: number | null;
  readonly latenessMs: number;
}

/** What a rule runtime offers the source. */
export interface SourceRule {
  readonly name: string;
  /**
   * True: on-time events go to onEvent as they arrive, not in event-time order once the
   * watermark passes them (Flink's WindowOperator takes elements on arrival; its triggers work
   * off the watermark). Late events still come through onLate.
   */
  readonly takesArrivals?: boolean;
  onEvent(ev: SourceEvent): void;
  /** an event at or below the watermark when it arrived */
  onLate(ev: SourceEvent): boolean;
  onWatermark(w: number): void;
}

export interface QueuedJson {
  v: unknown;
  t: number;
  p: string;
  a: number;
  pt: string;
}

function queuedJson(e: SourceEvent): QueuedJson {
  return { v: e.value, t: e.time, p: e.pos, a: e.arrival, pt: e.partition };
}

function fromQueuedJson(e: QueuedJson): SourceEvent {
  return heldEvent(e.v, e.t, e.p, e.a, e.pt ?? '');
}

/** One source partition's share of the source state: what moves with the partition. */
export interface SourcePartitionJson {
  partition: string;
  /** the partition's max event time seen, or null */
  max: number | null;
  queued: QueuedJson[];
  /** the exporting source's arrival counter: ties by arrival stay in order across the move */
  arrival: number;
}

export interface SourceStateJson {
  name: string;
  watermark: number | null;
  partitions: [string, number | null][];
  arrival: number;
  queued: QueuedJson[];
  counters: { events: number; late: number; noTime: number };
}

export type IngestResult = 'queued' | 'late' | 'no-time';

export class SourceRuntime {
  readonly watermark: Watermark;
  private readonly queue = new EventQueue<SourceEvent>();
  private arrival = 0;
  rules: SourceRule[] = [];
  counters = { events: 0, late: 0, noTime: 0 };

  constructor(
    private spec_: SourceSpec,
    private readonly output: EngineOutput,
  ) {
    this.watermark = new Watermark(spec_.watermarkMs, spec_.idleMs);
  }

  get spec(): SourceSpec {
    return this.spec_;
  }

  /** A reloaded `source` block: new settings apply from the next event; what is queued stays. */
  updateSpec(spec: SourceSpec): void {
    this.spec_ = spec;
    this.watermark.configure(spec.watermarkMs, spec.idleMs);
  }

  get queued(): number {
    return this.queue.size;
  }

  /** The source's own state (watermark, events waiting for it) as plain JSON. */
  exportState(): SourceStateJson {
    const wm = this.watermark.snapshot();
    return {
      name: this.spec.name,
      watermark: Number.isFinite(wm.current) ? wm.current : null,
      partitions: wm.partitions.map(([p, max]) => [p, Number.isFinite(max) ? max : null]),
      arrival: this.arrival,
      queued: this.queue.items().map(queuedJson),
      counters: { ...this.counters },
    };
  }

  exportPartition(partition: string): SourcePartitionJson {
    const max = this.watermark.partitionMax(partition);
    return {
      partition,
      max: Number.isFinite(max) ? max : null,
      queued: this.queue.items().filter((e) => e.partition === partition).map(queuedJson),
      arrival: this.arrival,
    };
  }

  /** Forgets a partition handed to another instance: its queued events and its watermark part. */
  dropPartition(partition: string): void {
    this.queue.removeWhere((e) => e.partition === partition);
    this.watermark.forget(partition);
  }

  importPartition(p: SourcePartitionJson): void {
    if (p.max !== null) this.watermark.seed(p.partition, p.max);
    if (p.arrival > this.arrival) this.arrival = p.arrival;
    for (const e of p.queued) {
      this.queue.push(fromQueuedJson(e));
      // later arrivals must sort after the events that arrived before the move
      if (e.a >= this.arrival) this.arrival = e.a + 1;
    }
  }

  importState(s: SourceStateJson): void {
    this.watermark.restore({
      current: s.watermark ?? -Infinity,
      partitions: s.partitions.map(([p, max]) => [p, max ?? -Infinity]),
    });
    this.arrival = s.arrival;
    for (const e of s.queued) this.queue.push(fromQueuedJson(e));
    this.counters = { ...s.counters };
  }

  ingest(value: unknown, pos: string, partition = '', now = 0): IngestResult {
    const time = readEventTime(value, this.spec.timePath);
    if (Number.isNaN(time)) {
      this.counters.noTime++;
      this.output.deadLetter({ reason: 'no-time', source: this.spec.name, rule: null, pos, value });
      return 'no-time';
    }
    this.counters.events++;
    const ev = heldEvent(value, time, pos, this.arrival++, partition);
    let result: IngestResult = 'queued';
    if (time <= this.watermark.value) {
      result = 'late';
      this.counters.late++;
      for (const rule of this.rules) {
        if (!rule.onLate(ev)) {
          this.output.deadLetter({ reason: 'late', source: this.spec.name, rule: rule.name, pos, value });
        }
      }
    } else {
      let ordered = false;
      for (const rule of this.rules) {
        if (rule.takesArrivals === true) rule.onEvent(ev);
        else ordered = true;
      }
      if (ordered) this.queue.push(ev);
    }
    this.watermark.observe(time, partition, now);
    this.drain();
    return result;
  }

  /** A watermark from outside (a control line, an idle tick): only ever forward. */
  advanceTo(ms: number): void {
    this.watermark.raiseTo(ms);
    this.drain();
  }

  /** End of bounded input: the watermark goes to +∞. */
  finish(): void {
    this.advanceTo(Infinity);
  }

  private drain(): void {
    const w = this.watermark.value;
    const rules = this.rules;
    while (this.queue.size > 0 && this.queue.peekTime() <= w) {
      const ev = this.queue.pop() as SourceEvent;
      for (let i = 0; i < rules.length; i++) if (rules[i].takesArrivals !== true) rules[i].onEvent(ev);
    }
    for (let i = 0; i < rules.length; i++) rules[i].onWatermark(w);
  }
}

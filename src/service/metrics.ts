// Prometheus metrics (GET /metrics). One Registry per service instance, so tests can build many.
// Counters count what this process saw; gauges read the engine when scraped.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from '../engine/engine';

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly events: Counter<'source'>;
  readonly alerts: Counter<'rule' | 'kind'>;
  readonly late: Counter<'rule'>;
  readonly deadLetters: Counter<'source' | 'reason'>;
  readonly unrouted: Counter<'source'>;
  readonly engineErrors: Counter;
  readonly rejected: Counter<'reason'>;
  readonly reloads: Counter<'result'>;
  readonly logSync: Histogram;
  readonly snapshots: Histogram;

  constructor(engine: () => Engine | null, queued: () => number) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.events = new Counter({ name: 'cepheus_events_total', help: 'Events taken by the engine', labelNames: ['source'], registers });
    this.alerts = new Counter({ name: 'cepheus_alerts_total', help: 'Alerts emitted', labelNames: ['rule', 'kind'], registers });
    this.late = new Counter({ name: 'cepheus_late_events_total', help: 'Late events a rule dropped', labelNames: ['rule'], registers });
    this.deadLetters = new Counter({ name: 'cepheus_dead_letters_total', help: 'Dead-lettered events', labelNames: ['source', 'reason'], registers });
    this.unrouted = new Counter({ name: 'cepheus_unrouted_events_total', help: 'Logged events of a source no rule reads any more', labelNames: ['source'], registers });
    this.engineErrors = new Counter({ name: 'cepheus_engine_errors_total', help: 'Events the engine threw on (bugs)', registers });
    this.rejected = new Counter({ name: 'cepheus_ingest_rejected_total', help: 'POST /events requests turned away', labelNames: ['reason'], registers });
    this.reloads = new Counter({ name: 'cepheus_rule_reloads_total', help: 'Rule reloads', labelNames: ['result'], registers });
    this.logSync = new Histogram({
      name: 'cepheus_event_log_sync_seconds',
      help: 'Write + fdatasync of one group commit',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.snapshots = new Histogram({ name: 'cepheus_snapshot_seconds', help: 'Writing one snapshot', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30], registers });
    new Gauge({
      name: 'cepheus_partial_matches',
      help: 'Open partial matches',
      labelNames: ['rule'],
      registers,
      collect() {
        this.reset();
        for (const [name, rt] of engine()?.runtimes ?? []) this.set({ rule: name }, rt.openPartialMatches);
      },
    });
    new Gauge({
      name: 'cepheus_watermark_lag_ms',
      help: 'Wall clock minus the source watermark',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const [name, src] of engine()?.sources ?? []) {
          if (Number.isFinite(src.watermark.value)) this.set({ source: name }, now - src.watermark.value);
        }
      },
    });
    new Gauge({
      name: 'cepheus_ingest_queue_events',
      help: 'Events accepted but not yet durable and processed',
      registers,
      collect() {
        this.set(queued());
      },
    });
  }
}

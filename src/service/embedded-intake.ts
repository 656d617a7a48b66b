// POST /events in the embedded mode: bounded, then into the event log. A request is acknowledged
// once its events are fsynced (and run through the engine, which the log's durable callback does
// before the acknowledgement). Past `limit` events in flight it is turned away (503 with
// Retry-After) instead of queueing without bound.

import { CepheusError, ErrorCodes } from '../errors';
import type { EventLog } from '../io/files/event-log';
import type { EventIntake, IngestAck } from '../io/ports';
import type { ServiceMetrics } from './metrics';

export type IntakeState = 'starting' | 'ready' | 'stopping';

export class EmbeddedIntake implements EventIntake {
  state: IntakeState = 'starting';
  private inFlight = 0;

  constructor(
    private readonly log: EventLog,
    private readonly limit: number,
    private readonly hasSource: (name: string) => boolean,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** events accepted but not yet durable and processed */
  get queued(): number {
    return this.inFlight;
  }

  async submit(source: string, values: readonly object[]): Promise<IngestAck> {
    this.admit(source, values.length);
    this.inFlight += values.length;
    try {
      await this.log.append(source, values);
    } finally {
      this.inFlight -= values.length;
    }
    return { accepted: values.length };
  }

  private admit(source: string, n: number): void {
    if (this.state !== 'ready') throw this.reject('not-ready', ErrorCodes.NOT_READY, `the service is ${this.state}; retry shortly`, true);
    if (!this.hasSource(source)) {
      throw this.reject('unknown-source', ErrorCodes.UNKNOWN_SOURCE, `source: no rule reads a source named ${JSON.stringify(source)}`, false);
    }
    if (n > this.limit) {
      throw this.reject('too-large', ErrorCodes.BATCH_TOO_LARGE, `${n} events in one request; at most ${this.limit} (CEPHEUS_QUEUE_LIMIT)`, false);
    }
    if (this.inFlight + n > this.limit) {
      throw this.reject('busy', ErrorCodes.BUSY, `the ingest queue is full (${this.inFlight} events waiting); retry shortly`, true);
    }
  }

  private reject(reason: string, code: string, message: string, retriable: boolean): CepheusError {
    this.metrics.rejected.inc({ reason });
    return new CepheusError(code, message, retriable);
  }
}

// The service's edges as small interfaces. The operator (src/service/) and the HTTP app
// (src/io/http/app.ts) only see these; main.ts wires the embedded implementations (files in
// CEPHEUS_DATA), and the Kafka/Redis mode passes its own (Kafka topic intake and DLQ, Redis state
// and alert store) without touching the operator or the routes.

import type { Alert, AlertKind } from '../engine/alert';
import type { EngineState } from '../engine/engine';
import type { DeadLetter } from '../engine/output';
import type { Severity } from '../lang/ast';
import type { Diagnostic } from '../lang/diagnostic';

// ---- events in ---------------------------------------------------------------------------------

/**
 * Decoded events of one source, in arrival order, each with the position the engine derives
 * alert ids from. Embedded: positions are global log sequence numbers ("1", "2", ...), the same
 * numbers `cepheus run` gives the lines of a JSONL file; Kafka: partition offsets.
 */
export interface EventBatch {
  readonly source: string;
  /** the source partition ('' when the source has one) */
  readonly partition: string;
  /** JSON objects; `{"_watermark": ms}` objects are control records, as in replay */
  readonly values: readonly object[];
  /** positions[i] is values[i]'s position */
  readonly positions: readonly string[];
}

export interface IngestAck {
  accepted: number;
}

/**
 * Where POST /events hands a request's events. `submit` resolves once they are durable (embedded:
 * fsynced to the event log); it rejects with a CepheusError BUSY (queue full) or NOT_READY
 * (starting, stopping), which the HTTP layer answers 503 with Retry-After.
 */
export interface EventIntake {
  submit(source: string, values: readonly object[]): Promise<IngestAck>;
}

// ---- alerts out --------------------------------------------------------------------------------

export interface AlertFilter {
  rule?: string;
  /** the alert's key as text: a string key as is, others as their JSON */
  key?: string;
  kind?: AlertKind;
  severity?: Severity;
  /** detectedAt range, epoch ms, inclusive */
  from?: number;
  to?: number;
}

export interface AlertQuery extends AlertFilter {
  limit: number;
  /** opaque, from a previous page's `next` */
  cursor?: string;
}

export interface AlertPage {
  alerts: Alert[];
  next: string | null;
}

export type Unsubscribe = () => void;

/**
 * Alerts kept for REST and SSE. `put` upserts by id: an alert seen again with the same id and a
 * revision not above the stored one is a duplicate (a replay after a crash) and changes nothing;
 * a higher revision (a late re-firing window) replaces it. Retention drops the oldest.
 */
export interface AlertStore {
  put(alert: Alert): void;
  query(q: AlertQuery): Promise<AlertPage>;
  get(id: string): Promise<Alert | null>;
  /**
   * Calls `listener` for each alert stored or revised from now on; with `afterId`, first for the
   * stored alerts newer than that one (SSE Last-Event-ID), without a gap between the two.
   */
  subscribe(filter: AlertFilter, listener: (a: Alert) => void, afterId?: string): Unsubscribe;
  /** makes every alert put so far durable (called before a snapshot is written) */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface DeadLetterSink {
  write(d: DeadLetter): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

// ---- run state ---------------------------------------------------------------------------------

/** The engine's state and how far into the input it reaches. */
export interface Snapshot {
  /**
   * the input positions the state includes: embedded `{ log: lastSeq }`; Kafka: the next offset
   * per `topic/partition`
   */
  positions: Record<string, number>;
  takenAt: number;
  state: EngineState;
}

/**
 * A snapshot to write, its state already serialised: engine.exportState() shares objects with
 * the live engine, so it is turned into text in the same synchronous step that reads the
 * positions, before any await lets another batch change it.
 */
export interface SnapshotText {
  positions: Record<string, number>;
  takenAt: number;
  /** JSON.stringify(engine.exportState()) */
  stateJson: string;
}

export interface StateStore {
  load(): Promise<Snapshot | null>;
  /** atomic: after a crash, load() gives this snapshot or the previous one, never a mix */
  save(s: SnapshotText): Promise<void>;
}

// ---- rules -------------------------------------------------------------------------------------

export interface RuleFileText {
  /** a bare file name, `[A-Za-z0-9._-]+\.cep` */
  file: string;
  text: string;
}

/** The rules directory: read, written by PUT/DELETE /rules/files, watched for changes. */
export interface RuleSource {
  readonly location: string;
  /** every rule file, sorted by name; throws if the location cannot be read */
  readAll(): Promise<RuleFileText[]>;
  /** replaces or creates a file atomically */
  write(file: string, text: string): Promise<void>;
  /** false when there was no such file */
  remove(file: string): Promise<boolean>;
  exists(file: string): Promise<boolean>;
  /** calls onChange (debounced) after the files may have changed */
  watch(onChange: () => void): Unsubscribe;
}

// ---- what the HTTP app shows about rules -------------------------------------------------------

export interface RuleCountersView {
  events: number;
  matches: number;
  timeouts: number;
  partialMatches: number;
  late: number;
  dropped: number;
}

export interface RuleView {
  name: string;
  file: string;
  version: string;
  kind: 'pattern' | 'window';
  /** `error`: the rule's file currently fails to compile; the rule's last good version runs */
  status: 'running' | 'disabled' | 'error';
  description: string | null;
  severity: Severity;
  tags: readonly string[];
  /** the source (stream) it reads */
  from: string;
  lastError: string | null;
  counters: RuleCountersView;
}

export interface RuleDetail extends RuleView {
  /** the rule's text */
  source: string;
  /** Graphviz dot of the compiled automaton; null for window rules */
  automaton: string | null;
}

export interface RuleFileView {
  file: string;
  status: 'ok' | 'error';
  diagnostics: readonly Diagnostic[];
}

export type PutRuleFileResult =
  | { ok: true; file: string; rules: string[] }
  | { ok: false; diagnostics: readonly Diagnostic[] };

/** What the rule endpoints ask of the service. */
export interface RuleAdmin {
  list(): { rules: RuleView[]; files: RuleFileView[] };
  get(name: string): RuleDetail | null;
  validate(text: string, file?: string): { ok: boolean; diagnostics: readonly Diagnostic[] };
  /** compiles against the rules in force; writes and reloads only when it compiles */
  putFile(file: string, text: string): Promise<PutRuleFileResult>;
  /** false when there was no such file */
  deleteFile(file: string): Promise<boolean>;
}

// ---- health ------------------------------------------------------------------------------------

export interface HealthReport {
  ok: boolean;
  /** failing parts by name (e.g. `redis`, `kafka`, `eventLog`) with what is wrong */
  failing: Record<string, string>;
  details?: Record<string, unknown>;
}

export interface ServiceStatus {
  health(): HealthReport;
  /** `ready` once rules are loaded and state restored; else `starting` or `stopping` */
  readiness(): 'ready' | 'starting' | 'stopping';
}

// What a compiled expression reads at run time. The runtime owns one scope object per rule and
// refills it before each evaluation, so evaluating allocates nothing.

/** An event as the engine holds it: the decoded JSON value and its event time. */
export interface TimedEvent {
  readonly value: unknown;
  readonly time: number;
}

/** The events a partial match (or match) has taken, per step index, in time order. */
export interface StepEvents {
  events(step: number): readonly TimedEvent[];
}

/** Running per-key aggregates (`prior.*`), as of before the event under test. */
export interface PriorValues {
  /** value of the prior aggregate registered at `slot` (see PriorRegistry) */
  get(slot: number): unknown;
  /** the previous event of the key, or null */
  last(): unknown;
}

export interface EvalScope {
  /** the event under test (conditions, filter, until), or the match's last event (emit) */
  event: unknown;
  /** event time of `event` */
  time: number;
  /** the partition key: a string, an array of strings, or null */
  key: unknown;
  /** pattern rules: the events taken so far (conditions) or of the whole match (emit) */
  steps: StepEvents | null;
  prior: PriorValues | null;
  /** window rules: aggregate values by index (having, emit) */
  aggs: readonly unknown[] | null;
  windowStart: number;
  windowEnd: number;
}

export function emptyScope(): EvalScope {
  return {
    event: null,
    time: 0,
    key: null,
    steps: null,
    prior: null,
    aggs: null,
    windowStart: 0,
    windowEnd: 0,
  };
}

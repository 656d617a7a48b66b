// Incremental aggregates (LANGUAGE.md 8): each function keeps a small accumulator per window (or
// pane) and never the window's events; only distinct_count keeps a set. Accumulators are plain
// JSON data (numbers, arrays, objects) so a window's state can be stored and restored as is.
//
// sum, avg, min and max use only the finite numbers among the argument's values, as `prior` and
// step aggregates do: over no numbers sum is 0 and avg/min/max are null. first/last take the
// value of the earliest/latest event by event time, ties by arrival, whatever that value is.
// distinct_count counts distinct non-null values under `==` (5 and 5.0 are one value).

import { distinctKey } from './distinct-key';

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'distinct_count';

/** [time, arrival, value] of the event a first/last accumulator holds, or null before any. */
export type Stamped = [number, number, unknown] | null;
/** [sum, how many numbers] */
export type AvgAcc = [number, number];
/** how many distinct values, and their keys (see distinct-key.ts) */
export interface DistinctAcc {
  n: number;
  seen: Record<string, 1>;
}
export type Acc = number | null | AvgAcc | Stamped | DistinctAcc;

export interface AggregateKind {
  init(): Acc;
  /** Adds one event's argument value; returns the accumulator (the same object when mutable). */
  add(acc: Acc, v: unknown, time: number, arrival: number): Acc;
  /** Folds `from` into `into` (which it may change); `from` is left as it was. */
  merge(into: Acc, from: Acc): Acc;
  /** A copy that `merge` may change without touching the original. */
  clone(acc: Acc): Acc;
  result(acc: Acc): unknown;
}

const hasOwn = Object.prototype.hasOwnProperty;
const same = (acc: Acc): Acc => acc;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const count: AggregateKind = {
  init: () => 0,
  add: (acc) => (acc as number) + 1,
  merge: (a, b) => (a as number) + (b as number),
  clone: same,
  result: same,
};

const sum: AggregateKind = {
  init: () => 0,
  add: (acc, v) => (finite(v) ? (acc as number) + v : acc),
  merge: (a, b) => (a as number) + (b as number),
  clone: same,
  // a sum that overflowed is no number a rule could use
  result: (acc) => (Number.isFinite(acc as number) ? acc : null),
};

const avg: AggregateKind = {
  init: () => [0, 0],
  add: (acc, v) => {
    const a = acc as AvgAcc;
    if (finite(v)) {
      a[0] += v;
      a[1]++;
    }
    return a;
  },
  merge: (into, from) => {
    const a = into as AvgAcc;
    const b = from as AvgAcc;
    a[0] += b[0];
    a[1] += b[1];
    return a;
  },
  clone: (acc) => [(acc as AvgAcc)[0], (acc as AvgAcc)[1]],
  result: (acc) => {
    const [s, n] = acc as AvgAcc;
    return n === 0 || !Number.isFinite(s) ? null : s / n;
  },
};

function extreme(sign: 1 | -1): AggregateKind {
  const better = (v: number, acc: Acc) => acc === null || (v - (acc as number)) * sign > 0;
  return {
    init: () => null,
    add: (acc, v) => (finite(v) && better(v, acc) ? v : acc),
    merge: (a, b) => (b !== null && better(b as number, a) ? b : a),
    clone: same,
    result: same,
  };
}

/** Earlier by event time, ties by arrival. */
function before(t1: number, a1: number, t2: number, a2: number): boolean {
  return t1 < t2 || (t1 === t2 && a1 < a2);
}

// Stamped tuples are never changed in place (add makes a new one), so merge may share them.
function stamped(wantEarliest: boolean): AggregateKind {
  const wins = (t: number, a: number, acc: Stamped) =>
    acc === null || (wantEarliest ? before(t, a, acc[0], acc[1]) : before(acc[0], acc[1], t, a));
  return {
    init: () => null,
    add: (acc, v, time, arrival) =>
      wins(time, arrival, acc as Stamped) ? [time, arrival, v === undefined ? null : v] : acc,
    merge: (into, from) => {
      const b = from as Stamped;
      return b !== null && wins(b[0], b[1], into as Stamped) ? b : into;
    },
    clone: same,
    result: (acc) => (acc === null ? null : (acc as [number, number, unknown])[2]),
  };
}

const distinctCount: AggregateKind = {
  init: () => ({ n: 0, seen: {} }),
  add: (acc, v) => {
    const d = acc as DistinctAcc;
    const k = distinctKey(v);
    if (k !== null && !hasOwn.call(d.seen, k)) {
      d.seen[k] = 1;
      d.n++;
    }
    return d;
  },
  merge: (into, from) => {
    const d = into as DistinctAcc;
    for (const k of Object.keys((from as DistinctAcc).seen)) {
      if (!hasOwn.call(d.seen, k)) {
        d.seen[k] = 1;
        d.n++;
      }
    }
    return d;
  },
  clone: (acc) => ({ n: (acc as DistinctAcc).n, seen: { ...(acc as DistinctAcc).seen } }),
  result: (acc) => (acc as DistinctAcc).n,
};

export const AGGREGATES: Readonly<Record<AggregateFn, AggregateKind>> = {
  count,
  sum,
  avg,
  min: extreme(-1),
  max: extreme(1),
  first: stamped(true),
  last: stamped(false),
  distinct_count: distinctCount,
};

export function isAggregateFn(fn: string): fn is AggregateFn {
  return hasOwn.call(AGGREGATES, fn);
}

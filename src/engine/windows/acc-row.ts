// A row of accumulators: one per aggregate of the rule, in the order the rule declares them.
// This is what a window (or pane, or session) holds instead of its events.

import type { Acc, AggregateKind } from './accumulators';

export type AccRow = Acc[];

export function newRow(kinds: readonly AggregateKind[]): AccRow {
  const row: AccRow = new Array(kinds.length);
  for (let i = 0; i < kinds.length; i++) row[i] = kinds[i].init();
  return row;
}

/** Adds one event: `values[i]` is aggregate i's argument evaluated on it (ignored by count). */
export function addToRow(
  kinds: readonly AggregateKind[],
  row: AccRow,
  values: readonly unknown[],
  time: number,
  arrival: number,
): void {
  for (let i = 0; i < kinds.length; i++) row[i] = kinds[i].add(row[i], values[i], time, arrival);
}

/** Folds `from` into `into`; `from` is not changed. */
export function mergeRow(kinds: readonly AggregateKind[], into: AccRow, from: AccRow): void {
  for (let i = 0; i < kinds.length; i++) into[i] = kinds[i].merge(into[i], from[i]);
}

export function cloneRow(kinds: readonly AggregateKind[], row: AccRow): AccRow {
  const out: AccRow = new Array(kinds.length);
  for (let i = 0; i < kinds.length; i++) out[i] = kinds[i].clone(row[i]);
  return out;
}

/** The aggregate values of a row, written into `out` (reused by the caller). */
export function rowResults(kinds: readonly AggregateKind[], row: AccRow, out: unknown[]): unknown[] {
  out.length = kinds.length;
  for (let i = 0; i < kinds.length; i++) out[i] = kinds[i].result(row[i]);
  return out;
}

// After-match skip strategies (Flink's AfterMatchSkipStrategy): which open partial matches, and
// which completed but not yet emitted matches, an emitted match removes.

import type { SkipClause } from '../../lang/ast';
import { type BufferedEvent, compareEvents } from './buffered-event';
import type { StepLists } from './shared-buffer';

export interface SkipStrategy {
  /** false for `no skip`: matches are emitted at once, never held back */
  readonly isSkip: boolean;
  /** the event that decides what to prune, or null to prune nothing */
  pruningEvent(match: StepLists): BufferedEvent | null;
  shouldPrune(start: BufferedEvent, pruning: BufferedEvent): boolean;
}

export function skipStrategy(clause: SkipClause | undefined, stepIndex: (name: string) => number): SkipStrategy {
  if (clause === undefined) return NO_SKIP;
  switch (clause.kind) {
    case 'noSkip':
      return NO_SKIP;
    case 'toNext':
      return { isSkip: true, pruningEvent: firstEvent, shouldPrune: atOrBefore };
    case 'pastLast':
      return { isSkip: true, pruningEvent: lastEvent, shouldPrune: atOrBefore };
    case 'toFirst': {
      const step = stepIndex(clause.step);
      return { isSkip: true, pruningEvent: (m) => m[step]?.[0] ?? null, shouldPrune: before };
    }
    case 'toLast': {
      const step = stepIndex(clause.step);
      return {
        isSkip: true,
        pruningEvent: (m) => (m[step] && m[step].length > 0 ? m[step][m[step].length - 1] : null),
        shouldPrune: before,
      };
    }
  }
}

const NO_SKIP: SkipStrategy = {
  isSkip: false,
  pruningEvent: () => null,
  shouldPrune: () => false,
};

function atOrBefore(start: BufferedEvent, pruning: BufferedEvent): boolean {
  return compareEvents(start, pruning) <= 0;
}

function before(start: BufferedEvent, pruning: BufferedEvent): boolean {
  return compareEvents(start, pruning) < 0;
}

/** Flink's SkipToNext: the earliest of each step's first event. */
function firstEvent(m: StepLists): BufferedEvent | null {
  let out: BufferedEvent | null = null;
  for (const list of m) {
    if (list.length > 0 && (out === null || compareEvents(list[0], out) < 0)) out = list[0];
  }
  return out;
}

/** Flink's SkipPastLastEvent: the latest of each step's last event. */
function lastEvent(m: StepLists): BufferedEvent | null {
  let out: BufferedEvent | null = null;
  for (const list of m) {
    const e = list.length > 0 ? list[list.length - 1] : null;
    if (e !== null && (out === null || compareEvents(e, out) > 0)) out = e;
  }
  return out;
}

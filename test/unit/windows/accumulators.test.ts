import { AGGREGATES, type Acc, type AggregateFn } from '../../../src/engine/windows/accumulators';
import { distinctKey } from '../../../src/engine/windows/distinct-key';

/** Feeds [value, time, arrival] triples to a fresh accumulator; returns its result. */
function run(fn: AggregateFn, items: [unknown, number, number][]): unknown {
  const k = AGGREGATES[fn];
  let acc: Acc = k.init();
  for (const [v, t, a] of items) acc = k.add(acc, v, t, a);
  return k.result(acc);
}

/** The same items split in two accumulators, then merged. */
function runMerged(fn: AggregateFn, left: [unknown, number, number][], right: [unknown, number, number][]): unknown {
  const k = AGGREGATES[fn];
  let a: Acc = k.init();
  let b: Acc = k.init();
  for (const [v, t, r] of left) a = k.add(a, v, t, r);
  for (const [v, t, r] of right) b = k.add(b, v, t, r);
  const before = JSON.stringify(b);
  const out = k.result(k.merge(k.clone(a), b));
  expect(JSON.stringify(b)).toBe(before); // merge leaves its source alone
  return out;
}

describe('aggregates', () => {
  const xs: [unknown, number, number][] = [[3, 10, 0], [null, 5, 1], ['x', 7, 2], [1, 20, 3], [8, 1, 4]];
  test.each([
    ['count', 5],
    ['sum', 12],
    ['avg', 4],
    ['min', 1],
    ['max', 8],
    ['first', 8],
    ['last', 1],
    ['distinct_count', 4],
  ] as const)('%s', (fn, want) => {
    expect(run(fn, xs)).toBe(want);
    expect(runMerged(fn, xs.slice(0, 2), xs.slice(2))).toBe(want);
    expect(runMerged(fn, xs.slice(3), xs.slice(0, 3))).toBe(want);
  });

  test('over nothing: count and sum 0, the others null, distinct 0', () => {
    expect(run('count', [])).toBe(0);
    expect(run('sum', [])).toBe(0);
    for (const fn of ['avg', 'min', 'max', 'first', 'last'] as const) expect(run(fn, [])).toBeNull();
    expect(run('distinct_count', [])).toBe(0);
    expect(run('sum', [['a', 1, 0]])).toBe(0);
    expect(run('avg', [['a', 1, 0]])).toBeNull();
  });

  test('first/last by event time, ties by arrival, whatever the value', () => {
    const ties: [unknown, number, number][] = [['b', 5, 7], ['a', 5, 3], ['c', 5, 9], [null, 9, 1]];
    expect(run('first', ties)).toBe('a');
    expect(run('last', ties)).toBeNull();
    expect(run('last', ties.slice(0, 3))).toBe('c');
    expect(runMerged('first', ties.slice(0, 1), ties.slice(1, 3))).toBe('a');
    expect(runMerged('last', ties.slice(2, 3), ties.slice(0, 2))).toBe('c');
  });

  test('distinct_count: == equality, nulls left out', () => {
    expect(run('distinct_count', [[5, 0, 0], [5.0, 0, 1], ['5', 0, 2], [true, 0, 3], [null, 0, 4], [undefined, 0, 5]])).toBe(3);
    expect(run('distinct_count', [[{ a: 1, b: [1, 2] }, 0, 0], [{ b: [1, 2], a: 1 }, 0, 1], [{ a: 2 }, 0, 2]])).toBe(2);
    expect(run('distinct_count', [['__proto__', 0, 0], ['constructor', 0, 1], ['__proto__', 0, 2]])).toBe(2);
  });

  test('distinct keys never look like Object.prototype names', () => {
    for (const v of ['__proto__', 'toString', '', 0, -0, false, [], {}]) {
      const k = distinctKey(v) as string;
      expect(k in Object.prototype).toBe(false);
    }
    expect(distinctKey(-0)).toBe(distinctKey(0));
    expect(distinctKey(Infinity)).toBeNull();
  });

  test('accumulators are plain JSON data', () => {
    for (const fn of Object.keys(AGGREGATES) as AggregateFn[]) {
      const k = AGGREGATES[fn];
      let acc = k.init();
      acc = k.add(acc, 4, 1, 0);
      acc = k.add(acc, 'm', 2, 1);
      const copy = JSON.parse(JSON.stringify(acc)) as Acc;
      expect(k.result(copy)).toEqual(k.result(acc));
    }
  });
});

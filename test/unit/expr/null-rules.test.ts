// LANGUAGE.md section 6: missing fields read null, null propagates through arithmetic,
// comparisons with null are null except the null tests == null / != null, division by zero is null, different kinds are
// never equal and never ordered, and a condition passes only when exactly true.

import { compileOk, evalText, FILTER, scopeWith } from './harness';

const EVENT = { n: 5, f: 2.5, zero: 0, s: 'abc', t: 'abd', b: true, nul: null, arr: [1, 2], obj: { a: 1 } };

const CASES: [string, unknown][] = [
  // missing fields
  ['missing', null],
  ['missing.deeper.still', null],
  ['nul.x', null],
  ['n.x', null],
  ['s.length', null],
  ['arr.length', null],
  ['arr[5]', null],
  ['arr[-1]', null],
  ['arr[0.5]', null],
  ['arr["0"]', null],
  ['obj["a"]', 1],
  ['obj[0]', null],
  ['event["n"]', 5],
  // arithmetic with null
  ['missing + 1', null],
  ['1 + missing', null],
  ['n - nul', null],
  ['nul * 2', null],
  ['-missing', null],
  ['n + 1', 6],
  ['5 == 5.0', true],
  ['n * f', 12.5],
  // division and remainder by zero
  ['n / zero', null],
  ['n / 0', null],
  ['0 / 0', null],
  ['n % 0', null],
  ['n % 3', 2],
  ['-7 % 3', -1],
  ['n / 2', 2.5],
  // overflow is not a number
  ['1e308 * 10', null],
  // + joins strings
  ['s + "d"', 'abcd'],
  ['s + n', 'abc5'],
  ['n + s', '5abc'],
  ['s + b', 'abctrue'],
  ['s + nul', null],
  ['s + arr', null],
  ['b + n', null],
  // comparisons with null
  ['missing > 1', null],
  ['1 < missing', null],
  ['nul >= nul', null],
  ['missing == null', true],
  ['missing != null', false],
  ['nul == null', true],
  ['n == null', false],
  ['n != null', true],
  // a comparison with null is null: only the null literal makes a null test
  ['missing == n', null],
  ['missing != n', null],
  ['nul == nul', null],
  ['nul != "x"', null],
  ['null == null', true],
  ['null != missing', false],
  // different kinds
  ['n == "5"', false],
  ['n != "5"', true],
  ['b == 1', false],
  ['n < s', null],
  ['s > n', null],
  ['b < b', null],
  ['arr < arr', null],
  // same kinds
  ['s < t', true],
  ['"B" < "a"', true],
  ['n >= 5', true],
  ['arr == [1, 2]', true],
  ['arr == [2, 1]', false],
  ['obj == obj', true],
  ['arr != [1, 2]', false],
  // membership and strings with null
  ['missing in [1, 2]', null],
  ['missing in [1, null]', null],
  ['n in [1, null]', false],
  ['not (missing in [1])', null],
  ['n in [4, 5]', true],
  ['n in ["5"]', false],
  ['n in missing', null],
  ['s contains "b"', true],
  ['s contains missing', null],
  ['missing contains "b"', null],
  ['arr contains 2', true],
  ['arr contains "2"', false],
  ['s startswith "ab"', true],
  ['missing startswith "ab"', null],
  ['s endswith missing', null],
  ['missing matches "a"', null],
  ['n matches "5"', null],
];

describe('null rules', () => {
  test.each(CASES)('%s', (src, expected) => {
    expect(evalText(src, EVENT)).toEqual(expected);
  });
});

describe('a condition passes only when exactly true', () => {
  const passes = (src: string, event: unknown): boolean =>
    compileOk(src, FILTER).test(scopeWith(event));

  test.each([
    ['missing > 1', false],
    ['missing == null', true],
    ['b', true],
    ['n', false],
    ['s', false],
    ['nul', false],
    ['missing', false],
    ['not missing', false],
    ['not (missing > 1)', false],
  ])('%s', (src, expected) => {
    expect(passes(src, EVENT)).toBe(expected);
  });

  test('the null-semantics example of the conformance suite', () => {
    const src = 'amount > 100 or (amount == null and note != null and len(note) > 2)';
    const results = [
      { amount: 200 },
      {},
      { note: 'abc' },
      { amount: null, note: 'x' },
      { amount: 'oops' },
    ].map((e) => passes(src, e));
    expect(results).toEqual([true, false, true, false, false]);
  });
});

// What each clause may read: window clauses see aggregates, key and window bounds; aggregate
// arguments see one event; prior is for the conditions and emit of pattern rules.

import type { ExprEnv } from '../../../src/lang/expr/env';
import { codes, compileText, evalText } from './harness';

const HAVING: ExprEnv = { context: 'having', steps: [], aggregates: ['total', 'n'] };
const WEMIT: ExprEnv = { context: 'windowEmit', steps: [], aggregates: ['total', 'n'] };
const ARG: ExprEnv = { context: 'aggregateArg', steps: [] };

describe('window clauses', () => {
  const scope = { aggs: [12000, 3], key: 'u1', windowStart: 1000, windowEnd: 2000 };

  test.each([
    ['total > 10000 and n >= 3', true],
    ['total > 10000 and key == "u2"', false],
    ['window.end - window.start == 1000', true],
  ])('having %s', (src, expected) => {
    expect(evalText(src, null, HAVING, scope)).toBe(expected);
  });

  test.each([
    ['total / n', 4000],
    ['key', 'u1'],
    ['window.start', 1000],
    ['[total, n]', [12000, 3]],
  ])('emit %s', (src, expected) => {
    expect(evalText(src, null, WEMIT, scope)).toEqual(expected);
  });

  test('without aggregates in the scope, names read null', () => {
    expect(evalText('total', null, WEMIT)).toBe(null);
  });

  test.each([
    ['amount > 1', 'CEP2503'],
    ['event.amount > 1', 'CEP2504'],
    ['window > 1', 'CEP2505'],
    ['window.middle > 1', 'CEP2505'],
    ['exists(total)', 'CEP2540'],
    ['prior.count() > 1', 'CEP2530'],
  ])('having %s → %s', (src, code) => {
    expect(codes(src, HAVING)).toEqual([code]);
  });

  test('the unknown-name message lists what can be used', () => {
    const [d] = compileText('amount > 1', HAVING).diags;
    expect(d.message).toBe("unknown name 'amount': in having only the aggregates (total, n), key, window.start and window.end can be used");
  });
});

describe('aggregate arguments and filters', () => {
  test('an aggregate argument reads the fields of one event', () => {
    expect(evalText('amount * qty', { amount: 2, qty: 3 }, ARG)).toBe(6);
    expect(evalText('key', {}, ARG, { key: 'k' })).toBe('k');
  });

  test.each([
    ['window.start', 'CEP2505'],
    ['prior.count()', 'CEP2530'],
    ['count(x)', 'CEP2522'],
  ])('aggregate argument %s → %s', (src, code) => {
    expect(codes(src, ARG)).toEqual([code]);
  });

  test('a filter reads fields, event and key', () => {
    const env: ExprEnv = { context: 'filter', steps: ['a'] };
    expect(evalText('a == 1 and event.b == 2 and key == "k"', { a: 1, b: 2 }, env, { key: 'k' })).toBe(true);
  });
});

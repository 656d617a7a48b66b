// Step references and step aggregates (LANGUAGE.md 5.4, 5.5), forward references, and how
// names resolve: a step name wins over a field, `event.s` reads the field.

import type { ExprEnv } from '../../../src/lang/expr/env';
import { codes, compileOk, compileText, fakeSteps, scopeWith } from './harness';

const STEPS = ['small', 'big', 'end'];
const cond = (stepIndex: number): ExprEnv => ({ context: 'condition', steps: STEPS, stepIndex });
const EMIT: ExprEnv = { context: 'emit', steps: STEPS };

const small = [
  { id: 's1', amount: 0.5, merchant: 'm1', ts: 10 },
  { id: 's2', amount: 0.25, merchant: 'm2', ts: 20 },
  { id: 's3', amount: 'n/a', merchant: 'm3', ts: 30 },
];
const big = [{ id: 'b1', amount: 600, merchant: 'm9', ts: 40 }];

function run(src: string, env: ExprEnv, event: unknown, lists: Record<string, unknown>[][]): unknown {
  return compileOk(src, env).evaluate(scopeWith(event, { steps: fakeSteps(lists), time: 99 }));
}

describe('step references', () => {
  const event = { amount: 700, merchant: 'm5', small: 'field', ts: 99 };

  test.each([
    ['small.merchant', 'm3'],
    ['small.missing', null],
    ['small["id"]', 's3'],
    ['first(small).merchant', 'm1'],
    ['last(small).id', 's3'],
    ['count(small)', 3],
    ['sum(small.amount)', 0.75],
    ['avg(small.amount)', 0.375],
    ['min(small.amount)', 0.25],
    ['max(small.amount)', 0.5],
    ['min(small.ts)', 10],
    ['time(small)', 30],
    ['time(first(small))', 10],
    ['time(last(small))', 30],
    ['time(event)', 99],
    ['big.amount', null],
    ['count(big)', 0],
    ['sum(big.amount)', 0],
    ['avg(big.amount)', null],
    ['min(big.amount)', null],
    ['first(big)', null],
    ['time(big)', null],
    ['exists(small)', true],
    ['exists(big)', false],
    ['amount >= 500 and merchant != first(small).merchant', true],
  ])('%s', (src, expected) => {
    expect(run(src, EMIT, event, [small, []])).toEqual(expected);
  });

  test.each([
    ['small', 'm3'],
    ['event.small', 'field'],
    ['event["small"]', 'field'],
  ])('a step name wins over a field: %s', (src, expected) => {
    const v = run(src, EMIT, event, [small, []]);
    expect(typeof v === 'object' && v !== null ? (v as { merchant: string }).merchant : v).toBe(expected);
  });

  test('the card-testing condition of big', () => {
    const src = 'amount >= 500 and merchant != first(small).merchant';
    expect(run(src, cond(1), event, [small, []])).toBe(true);
    expect(run(src, cond(1), { ...event, merchant: 'm1' }, [small, []])).toBe(false);
  });

  test('in a filter, step names are plain fields', () => {
    const env: ExprEnv = { context: 'filter', steps: STEPS };
    expect(compileOk('small == "field"', env).test(scopeWith(event))).toBe(true);
  });

  test('emit sees the whole match; bare fields read the scope event (the last event)', () => {
    const src = 'sum(small.amount) + big.amount';
    expect(run(src, EMIT, big[0], [small, big])).toBe(600.75);
    expect(run('amount', EMIT, big[0], [small, big])).toBe(600);
    expect(run('count(end)', EMIT, big[0], [small, big])).toBe(0);
  });

  test('a step may refer to itself: its events already taken', () => {
    expect(run('amount < 1 and count(small) < 3', cond(0), { amount: 0.1 }, [small.slice(0, 2)])).toBe(true);
    expect(run('small.amount', cond(0), { amount: 0.1 }, [[]])).toBe(null);
  });

  test('step aggregates over a nested path', () => {
    const lists = [[{ p: { v: [1, 2] } }, { p: { v: [3] } }, { p: 5 }]];
    expect(run('sum(small.p.v[0])', EMIT, {}, lists)).toBe(4);
    expect(run('sum(small["p"]["v"][1])', EMIT, {}, lists)).toBe(2);
  });

  test('without steps in the scope, step reads are empty, not errors', () => {
    const c = compileOk('count(small) + sum(small.amount)', EMIT);
    expect(c.evaluate(scopeWith({}))).toBe(0);
    expect(compileOk('small.x', EMIT).evaluate(scopeWith({}))).toBe(null);
  });
});

describe('readsSteps and readsPrior', () => {
  test.each([
    ['amount > 5 and type == "a"', false],
    ['event.small', false],
    ['small.amount > 1', true],
    ['count(small) > 1', true],
    ['time(small) > 1', true],
    ['exists(small)', true],
    ['time(event) > 1', false],
  ])('%s reads steps: %s', (src, expected) => {
    const c = compileOk(src, cond(1));
    expect(c.readsSteps).toBe(expected);
    expect(c.readsPrior).toBe(false);
  });

  test('a condition that does not read steps never asks for them', () => {
    const steps = fakeSteps([small]);
    compileOk('amount > 5 or merchant == "x"', cond(1)).evaluate(scopeWith({ amount: 1 }, { steps }));
    expect(steps.calls).toBe(0);
  });
});

describe('forward references', () => {
  test('a condition may not refer to a later step', () => {
    const { diags } = compileText('x > big.x', cond(0));
    expect(diags.map((d) => d.code)).toEqual(['CEP2520']);
    expect(diags[0].message).toBe("forward reference: the condition of step 'small' cannot refer to the later step 'big'");
    expect([diags[0].column, diags[0].endColumn]).toEqual([5, 8]);
  });

  test.each(['count(end)', 'sum(end.x)', 'first(end).x', 'time(end)', 'exists(end)', 'end'])(
    'in every form: %s',
    (src) => {
      expect(codes(src, cond(1))).toEqual(['CEP2520']);
    },
  );

  test('until has the visibility of its step condition', () => {
    expect(codes('x > end.x', { context: 'until', steps: STEPS, stepIndex: 1 })).toEqual(['CEP2520']);
    expect(codes('x > small.x', { context: 'until', steps: STEPS, stepIndex: 1 })).toEqual([]);
  });

  test('emit and on timeout emit see every step', () => {
    expect(codes('end.x', EMIT)).toEqual([]);
    expect(codes('count(end)', { context: 'timeoutEmit', steps: STEPS })).toEqual([]);
  });
});

describe('misused step aggregates', () => {
  test.each([
    ['sum(small)', 'CEP2521'],
    ['sum(price)', 'CEP2521'],
    ['avg(small.amount * 2)', 'CEP2521'],
    ['count(price)', 'CEP2521'],
    ['count(small.x)', 'CEP2521'],
    ['first(small.x)', 'CEP2521'],
    ['min(price)', 'CEP2521'],
    ['count()', 'CEP2501'],
    ['sum(small.x, small.y)', 'CEP2501'],
    ['sum(small.items[i])', 'CEP2523'],
  ])('%s', (src, code) => {
    expect(codes(src, EMIT)).toEqual([code]);
  });

  test('min and max with two or more arguments are scalar functions', () => {
    expect(run('min(amount, 3)', EMIT, { amount: 7 }, [])).toBe(3);
    expect(run('max(1, amount, 3)', EMIT, { amount: 7 }, [])).toBe(7);
    expect(run('max(1, amount)', EMIT, {}, [])).toBe(null);
    expect(run('min(small.amount, 1)', EMIT, {}, [small])).toBe(null); // 'n/a' is no number
  });

  test.each([
    ['filter', { context: 'filter', steps: STEPS }],
    ['having', { context: 'having', steps: [], aggregates: ['n'] }],
    ['aggregate argument', { context: 'aggregateArg', steps: [] }],
  ] as [string, ExprEnv][])('step aggregates are errors in a %s', (_, env) => {
    expect(codes('count(small) > 1', env)).toEqual(['CEP2522']);
    expect(codes('sum(price) > 1', env)).toEqual(['CEP2522']);
  });
});

// prior: running aggregates over the key's earlier events (LANGUAGE.md 6.1), with the registry
// filled by the compiler and the state updated after each event is evaluated.

import { PriorRegistry, PriorView, type PriorState } from '../../../src/engine/prior';
import type { ExprEnv } from '../../../src/lang/expr/env';
import { codes, compileOk, scopeWith } from './harness';

function envs(registry: PriorRegistry): { cond: ExprEnv; emit: ExprEnv } {
  return {
    cond: { context: 'condition', steps: ['tx'], stepIndex: 0, prior: registry },
    emit: { context: 'emit', steps: ['tx'], prior: registry },
  };
}

/** Runs a condition over a key's events as the runtime does: evaluate, then update. */
function replay(condition: string, emit: string[], events: Record<string, unknown>[]): unknown[][] {
  const registry = new PriorRegistry();
  const { cond, emit: emitEnv } = envs(registry);
  const c = compileOk(condition, cond);
  const fields = emit.map((e) => compileOk(e, emitEnv));
  const state = registry.newState();
  const out: unknown[][] = [];
  events.forEach((value, i) => {
    const scope = scopeWith(value, { time: i, prior: registry.view(state) });
    if (c.test(scope)) out.push([value.id, ...fields.map((f) => f.evaluate(scope))]);
    registry.update(state, value, i);
  });
  return out;
}

describe('prior', () => {
  test('the running-average detector of the conformance suite', () => {
    const amounts = [10, 10, 10, 10, 10, 200, 50, 2000];
    const events = amounts.map((amount, i) => ({ id: `a${i + 1}`, amount }));
    const got = replay(
      'prior.count() >= 5 and amount > 10 * prior.avg(amount)',
      ['round(prior.avg(amount))', 'prior.count()'],
      events,
    );
    expect(got).toEqual([
      ['a6', 10, 5],
      ['a8', 43, 7],
    ]);
  });

  test('evaluation never includes the event under test', () => {
    const events = [{ id: 'e1', v: 5 }, { id: 'e2', v: 7 }, { id: 'e3', v: 1 }];
    const got = replay('true', ['prior.count()', 'prior.sum(v)', 'prior.max(v)', 'prior.last.id'], events);
    expect(got).toEqual([
      ['e1', 0, 0, null, null],
      ['e2', 1, 5, 5, 'e1'],
      ['e3', 2, 12, 7, 'e2'],
    ]);
  });

  test('non-numbers and nulls are ignored; over no numbers sum is 0 and avg/min/max null', () => {
    const events = [{ id: 'e1', v: 'x' }, { id: 'e2' }, { id: 'e3', v: null }, { id: 'e4', v: 4 }, { id: 'e5', v: -2 }, { id: 'e6' }];
    const got = replay('true', ['prior.count()', 'prior.sum(v)', 'prior.avg(v)', 'prior.min(v)', 'prior.max(v)'], events);
    expect(got).toEqual([
      ['e1', 0, 0, null, null, null],
      ['e2', 1, 0, null, null, null],
      ['e3', 2, 0, null, null, null],
      ['e4', 3, 0, null, null, null],
      ['e5', 4, 4, 4, 4, 4],
      ['e6', 5, 2, 1, -2, 4],
    ]);
  });

  test('the same aggregate used twice shares one slot', () => {
    const registry = new PriorRegistry();
    const { cond, emit } = envs(registry);
    compileOk('amount > prior.avg(amount) and prior.avg( amount ) > 0', cond);
    compileOk('prior.avg(amount) + prior.sum(amount) + prior.count()', emit);
    expect(registry.aggregates.map((a) => a.fn)).toEqual(['avg', 'sum', 'count']);
    expect(registry.usesLast).toBe(false);
  });

  test('arguments are expressions over one event', () => {
    const got = replay('true', ['prior.sum(a.b * 2)', 'prior.max(len(name))'], [
      { id: 'e1', a: { b: 3 }, name: 'abc' },
      { id: 'e2', a: { b: 1 }, name: 'a' },
      { id: 'e3' },
    ]);
    expect(got[2]).toEqual(['e3', 8, 3]);
  });

  test('the state is plain JSON data of constant size', () => {
    const registry = new PriorRegistry();
    compileOk('prior.avg(x) > prior.min(x) and prior.last.x > 0', envs(registry).cond);
    const state: PriorState = registry.newState();
    const sizeAfter = (n: number): number => {
      for (let i = 0; i < n; i++) registry.update(state, { x: i }, i);
      return JSON.stringify(state).length;
    };
    const small = sizeAfter(10);
    expect(sizeAfter(10000)).toBeLessThan(small + 20);
    const copy = JSON.parse(JSON.stringify(state)) as PriorState;
    const view = new PriorView(registry, copy);
    expect(view.get(0)).toBeCloseTo((45 + 9999 * 5000) / 10010);
    expect(view.get(1)).toBe(0);
    expect(view.last()).toEqual({ x: 9999 });
  });

  test('readsPrior', () => {
    const registry = new PriorRegistry();
    const { cond } = envs(registry);
    expect(compileOk('prior.count() > 1', cond).readsPrior).toBe(true);
    expect(compileOk('prior.last.x == 1', cond).readsPrior).toBe(true);
    expect(compileOk('x > 1', cond).readsPrior).toBe(false);
  });
});

describe('prior errors', () => {
  const registry = new PriorRegistry();
  const { cond } = envs(registry);

  test.each([
    ['prior', 'CEP2531'],
    ['prior.foo', 'CEP2531'],
    ['prior.foo()', 'CEP2531'],
    ['prior.last()', 'CEP2531'],
    ['prior.count(x)', 'CEP2501'],
    ['prior.sum()', 'CEP2501'],
    ['prior.avg("a")', 'CEP2511'],
    ['prior.sum(tx.amount)', 'CEP2503'],
    ['prior.sum(count(tx))', 'CEP2522'],
    ['prior.sum(prior.count())', 'CEP2530'],
  ])('%s → %s', (src, code) => {
    expect(codes(`${src} == 1`, cond)).toEqual([code]);
  });

  test.each([
    ['a filter', { context: 'filter', steps: ['tx'], prior: registry }],
    ['having', { context: 'having', steps: [], aggregates: [] }],
    ['a window rule', { context: 'windowEmit', steps: [], aggregates: [] }],
    ['a pattern rule without a registry', { context: 'condition', steps: ['tx'], stepIndex: 0 }],
  ] as [string, ExprEnv][])('prior is an error in %s', (_, env) => {
    expect(codes('prior.count() > 1', env)).toEqual(['CEP2530']);
  });
});

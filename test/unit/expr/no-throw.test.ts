// No expression may throw at run time (LANGUAGE.md 6), whatever the event, and no rule text
// may make the compiler throw or execute anything: names and strings are data, never code.

import fc from 'fast-check';
import { PriorRegistry } from '../../../src/engine/prior';
import type { BinaryOp, Expr, Span } from '../../../src/lang/ast';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { compileExpr } from '../../../src/lang/expr/compile';
import type { ExprContext, ExprEnv } from '../../../src/lang/expr/env';
import { compileOk, fakeSteps, scopeWith } from './harness';

const SP: Span = { line: 1, col: 1, endLine: 1, endCol: 2 };

const EXPRESSIONS = [
  'amount > 100 or (amount == null and note != null and len(note) > 2)',
  'a + b * c - d / e % f',
  '-a + "x" + b',
  'a == b and a != c or not d',
  'a < b or a <= c or a > d or a >= e',
  'a in [1, "x", null, [1], b] and b in c',
  'a contains b or a startswith b or a endswith b',
  'a matches "^[a-z]+\\\\d*$"',
  'a.b.c[0][d].e == event["x"]["y"][1]',
  'abs(a) + round(b) + floor(c) + ceil(d) + len(e) + min(a, b) + max(c, d, e)',
  'lower(a) + upper(b) + coalesce(c, d, e) + if(f, g, h)',
  'exists(a.b) and exists(c[0]) and exists(d)',
  'time(event) + time(a) + time(s) + time(first(s)) + time(last(t))',
  'count(s) + sum(s.x) + avg(s.x.y) + min(t.x) + max(t[0]) + first(s).x + last(t).y + s.z',
  'prior.count() + prior.sum(x) + prior.avg(x.y) + prior.min(z) + prior.max(z) + prior.last.x',
  'key + key[0] + key["x"]',
  'sum(s.x) / count(t) > prior.avg(x) and merchant != first(s).merchant',
];

const ENV = (registry: PriorRegistry): ExprEnv => ({ context: 'emit', steps: ['s', 't'], prior: registry });

const weirdKey = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'length', 'valueOf', 'x', 'a', 'b'),
);
const json = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1, -1.5, 1e308, -1e308, 5e-324, '', 'x', 'ab'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(weirdKey, tie('v'), { maxKeys: 5 }),
  ),
})).v;
// events as JSON.parse makes them: own `__proto__` keys are data
const event = json.map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);

describe('evaluation never throws', () => {
  const registry = new PriorRegistry();
  const compiled = EXPRESSIONS.map((src) => compileOk(src, ENV(registry)));

  test('on random events, step events, keys and prior states', () => {
    fc.assert(
      fc.property(event, fc.array(fc.array(event, { maxLength: 3 }), { maxLength: 3 }), json, fc.array(event, { maxLength: 3 }), (ev, lists, key, history) => {
        const state = registry.newState();
        for (const h of history) registry.update(state, h, 0);
        const steps = fakeSteps(lists.map((l) => l.map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}))));
        const scope = scopeWith(ev, { key, steps, prior: registry.view(state), time: 5 });
        for (const c of compiled) {
          const v = c.evaluate(scope);
          expect(v).not.toBeUndefined();
          if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        }
        // and with nothing in the scope at all
        for (const c of compiled) expect(c.evaluate(scopeWith(ev))).not.toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

// ---- random expression trees -----------------------------------------------------------------

const OPS: BinaryOp[] = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', 'in', 'contains', 'startswith', 'endswith', 'matches', 'and', 'or'];
const FNS = ['abs', 'round', 'floor', 'ceil', 'min', 'max', 'lower', 'upper', 'len', 'coalesce', 'exists', 'if', 'time', 'count', 'sum', 'avg', 'first', 'last', 'nosuch'];
const NAMES = fc.oneof(fc.constantFrom('s', 't', 'x', 'total', 'constructor', '__proto__', 'count'), fc.string());

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map((value): Expr => ({ k: 'lit', value, span: SP })),
    fc.nat().map((ms): Expr => ({ k: 'dur', ms, text: `${ms}ms`, span: SP })),
    NAMES.map((name): Expr => ({ k: 'ident', name, span: SP })),
    fc.constantFrom<Expr>({ k: 'event', span: SP }, { k: 'key', span: SP }, { k: 'prior', span: SP }, { k: 'window', span: SP }),
    fc.tuple(tie('e'), NAMES).map(([obj, prop]): Expr => ({ k: 'member', obj, prop, propSpan: SP, span: SP })),
    fc.tuple(tie('e'), tie('e')).map(([obj, index]): Expr => ({ k: 'index', obj, index, span: SP })),
    fc.tuple(fc.oneof(fc.constantFrom(...FNS).map((name): Expr => ({ k: 'ident', name, span: SP })), tie('e')), fc.array(tie('e'), { maxLength: 3 }))
      .map(([callee, args]): Expr => ({ k: 'call', callee, args, span: SP })),
    fc.tuple(fc.constantFrom<'-' | 'not'>('-', 'not'), tie('e')).map(([op, arg]): Expr => ({ k: 'unary', op, arg, span: SP })),
    fc.tuple(fc.constantFrom(...OPS), tie('e'), tie('e')).map(([op, left, right]): Expr => ({ k: 'binary', op, left, right, span: SP })),
    fc.array(tie('e'), { maxLength: 3 }).map((items): Expr => ({ k: 'array', items, span: SP })),
  ),
})).e;

const CONTEXTS: ExprContext[] = ['filter', 'condition', 'until', 'emit', 'timeoutEmit', 'having', 'windowEmit', 'aggregateArg'];

describe('no expression tree makes compiling or evaluating throw', () => {
  test('random trees in random contexts', () => {
    fc.assert(
      fc.property(exprArb, fc.constantFrom(...CONTEXTS), event, (expr, context, ev) => {
        const registry = new PriorRegistry();
        const env: ExprEnv = { context, steps: ['s', 't'], stepIndex: 0, aggregates: ['total'], prior: registry };
        const bag = new DiagnosticBag('fuzz.cep');
        const c = compileExpr(expr, env, bag);
        for (const d of bag.items) expect(d.code).toMatch(/^CEP2[5-9]\d\d$/);
        const steps = fakeSteps([[{ x: 1, ts: 1 }], []]);
        const state = registry.newState();
        registry.update(state, ev, 1);
        const v = c.evaluate(scopeWith(ev, { steps, prior: registry.view(state), aggs: [ev], key: 'k' }));
        expect(v).not.toBeUndefined();
        c.test(scopeWith(ev));
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- names and strings are data ------------------------------------------------------------

describe('field names and strings from rule text are data', () => {
  const dangerous = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '"', "'", '\\', '*/', '${x}', '`', '\n', '\u2028', '\u2029', '"); process.exit(1); ("', "'+globalThis.pwned+'"),
  );

  test('event[NAME] and event.NAME read exactly the own field NAME', () => {
    fc.assert(
      fc.property(dangerous, json, fc.boolean(), (name, value, present) => {
        const ev = present ? (JSON.parse(`{${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}}`) as unknown) : {};
        const expected = present ? (JSON.parse(JSON.stringify(value) ?? 'null') as unknown) : null;
        const index: Expr = { k: 'index', obj: { k: 'event', span: SP }, index: { k: 'lit', value: name, span: SP }, span: SP };
        const member: Expr = { k: 'member', obj: { k: 'event', span: SP }, prop: name, propSpan: SP, span: SP };
        for (const expr of [index, member]) {
          const bag = new DiagnosticBag('x');
          const c = compileExpr(expr, { context: 'emit', steps: [] }, bag);
          expect(bag.items).toEqual([]);
          expect(c.evaluate(scopeWith(ev))).toEqual(expected);
        }
        expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  test('string literals evaluate to themselves', () => {
    fc.assert(
      fc.property(dangerous, dangerous, (a, b) => {
        const lit = (value: string): Expr => ({ k: 'lit', value, span: SP });
        const plus: Expr = { k: 'binary', op: '+', left: lit(a), right: { k: 'ident', name: b, span: SP }, span: SP };
        const bag = new DiagnosticBag('x');
        const c = compileExpr(plus, { context: 'emit', steps: [] }, bag);
        expect(c.evaluate(scopeWith(JSON.parse(`{${JSON.stringify(b)}:"!"}`)))).toBe(`${a}!`);
      }),
      { numRuns: 500 },
    );
  });
});

// The expression compiler on ASTs from the real parser: the examples of LANGUAGE.md and the
// conformance cases compile, evaluate as expected, and errors point at the right place.

import { PriorRegistry } from '../../../src/engine/prior';
import type { Pattern, RuleDecl } from '../../../src/lang/ast';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { compileExpr } from '../../../src/lang/expr/compile';
import type { CompiledExpr } from '../../../src/lang/expr/compiled';
import type { ExprEnv } from '../../../src/lang/expr/env';
import { parseRuleFile } from '../../../src/lang/parse';
import { fakeSteps, scopeWith } from './harness';

/** Step names in pattern order (groups flattened). */
function stepNames(p: Pattern): string[] {
  return p.elements.flatMap((el) => (el.item.kind === 'step' ? [el.item.name] : stepNames(el.item.body)));
}

interface CompiledRule {
  where: Map<string, CompiledExpr>;
  emit: Map<string, CompiledExpr>;
  bag: DiagnosticBag;
  prior: PriorRegistry;
}

function compileRule(text: string): CompiledRule {
  const { ast, diagnostics } = parseRuleFile(text, 'rules.cep');
  expect(diagnostics).toEqual([]);
  const rule = (ast as { rules: RuleDecl[] }).rules[0];
  const steps = rule.pattern === undefined ? [] : stepNames(rule.pattern);
  const bag = new DiagnosticBag('rules.cep');
  const prior = new PriorRegistry();
  const where = new Map<string, CompiledExpr>();
  for (const entry of rule.where?.entries ?? []) {
    const env: ExprEnv = { context: 'condition', steps, stepIndex: steps.indexOf(entry.step), prior };
    where.set(entry.step, compileExpr(entry.expr, env, bag));
  }
  const emit = new Map<string, CompiledExpr>();
  for (const field of rule.emit?.fields ?? []) {
    emit.set(field.name, compileExpr(field.expr, { context: 'emit', steps, prior }, bag));
  }
  return { where, emit, bag, prior };
}

describe('with the real parser', () => {
  test('card testing', () => {
    const r = compileRule(`rule card_testing {
  key card_id
  pattern small{3,} -> big
  where
    small: amount < 1.00
    big:   amount >= 500 and merchant != first(small).merchant
  within 10m
  emit { card: key, tiny: count(small), total: sum(small.amount) + big.amount }
}`);
    expect(r.bag.items).toEqual([]);
    const small = [0.5, 0.3, 0.9].map((amount, i) => ({ id: `s${i + 1}`, merchant: 'm1', amount, ts: i }));
    const big = { id: 'b1', merchant: 'm2', amount: 600, ts: 3 };
    const condScope = scopeWith(big, { steps: fakeSteps([small, []]) });
    expect(r.where.get('big')?.test(condScope)).toBe(true);
    const emitScope = scopeWith(big, { key: 'c1', steps: fakeSteps([small, [big]]) });
    const fields = [...r.emit].map(([k, c]) => [k, c.evaluate(emitScope)]);
    expect(fields).toEqual([['card', 'c1'], ['tiny', 3], ['total', 601.7]]);
  });

  test('the running-average detector registers its prior aggregates', () => {
    const r = compileRule(`rule sudden_spike {
  key user
  pattern tx
  where tx: prior.count() >= 5 and amount > 10 * prior.avg(amount)
  emit { avg_before: round(prior.avg(amount)), n_before: prior.count() }
}`);
    expect(r.bag.items).toEqual([]);
    expect(r.prior.aggregates.map((a) => a.fn)).toEqual(['count', 'avg']);
    expect(r.where.get('tx')?.readsPrior).toBe(true);
    expect(r.where.get('tx')?.readsSteps).toBe(false);
  });

  test('a forward reference is reported at its line and column', () => {
    const r = compileRule('rule r {\n  pattern a -> b\n  where\n    a: x > b.x\n    b: x == 2\n}\n');
    expect(r.bag.items.map((d) => [d.code, d.line, d.column])).toEqual([['CEP2520', 4, 12]]);
  });

  test('reserved words as fields and strings with escapes', () => {
    const r = compileRule(`rule r {
  pattern x
  where x: event.key == "a\\"b" and event["user-id"] startswith 'u' and note matches "^[a-z]+$"
}`);
    expect(r.bag.items).toEqual([]);
    const ev = { key: 'a"b', 'user-id': 'u1', note: 'abc' };
    expect(r.where.get('x')?.test(scopeWith(ev))).toBe(true);
  });
});

// Type errors the compiler can see, with their codes and the span of the offending part.

import type { ExprEnv } from '../../../src/lang/expr/env';
import { ExprMessages } from '../../../src/lang/expr/messages';
import { compileText, FILTER } from './harness';

/** [source, code, the text the diagnostic's span covers] */
const CASES: [string, string, string][] = [
  ['"a" * 2', 'CEP2510', '"a"'],
  ['2 * "a"', 'CEP2510', '"a"'],
  ['x - true', 'CEP2510', 'true'],
  ['-"a"', 'CEP2510', '"a"'],
  ['not 5', 'CEP2510', '5'],
  ['x and 5', 'CEP2510', '5'],
  ['"a" or x', 'CEP2510', '"a"'],
  ['true + 1', 'CEP2510', 'true'],
  ['1 + [1]', 'CEP2510', '[1]'],
  ['x < true', 'CEP2510', 'true'],
  ['[1] >= x', 'CEP2510', '[1]'],
  ['1 < "a"', 'CEP2513', '1 < "a"'],
  ['5 == "5"', 'CEP2513', '5 == "5"'],
  ['len(x) != "3"', 'CEP2513', 'len(x) != "3"'],
  ['x startswith 1', 'CEP2510', '1'],
  ['5 contains x', 'CEP2510', '5'],
  ['"abc" contains 1', 'CEP2510', '1'],
  ['x in 5', 'CEP2542', '5'],
  ['x matches 5', 'CEP2550', '5'],
  ['x matches y', 'CEP2550', 'y'],
  ['len(3)', 'CEP2511', '3'],
  ['lower(1)', 'CEP2511', '1'],
  ['abs("a")', 'CEP2511', '"a"'],
  ['max(1, "a")', 'CEP2511', '"a"'],
  ['if(1, 2, 3)', 'CEP2511', '1'],
  ['abs(1, 2)', 'CEP2501', 'abs(1, 2)'],
  ['coalesce()', 'CEP2501', 'coalesce()'],
  ['nosuch(1)', 'CEP2500', 'nosuch'],
  ['x.y(1)', 'CEP2502', 'x.y'],
  ['(1).x', 'CEP2514', '1'],
  ['"s"[0]', 'CEP2514', '"s"'],
  ['x[true]', 'CEP2510', 'true'],
  ['exists(1)', 'CEP2540', '1'],
  ['time(5)', 'CEP2541', '5'],
  ['window.start', 'CEP2505', 'window.start'],
  ['window', 'CEP2505', 'window'],
  ['prior.count()', 'CEP2530', 'prior'],
];

/** The source text a diagnostic points at (single-line sources). */
function covered(src: string, d: { column: number; endColumn: number }): string {
  return src.slice(d.column - 1, d.endColumn - 1);
}

const VALUE: ExprEnv = { context: 'emit', steps: [] };

describe('type errors', () => {
  test.each(CASES)('%s → %s at %s', (src, code, at) => {
    const { diags } = compileText(src, VALUE);
    expect(diags.map((d) => d.code)).toEqual([code]);
    expect(covered(src, diags[0])).toBe(at);
    expect(diags[0].severity).toBe('error');
    expect(diags[0].line).toBe(1);
  });

  test('messages say what was expected and what was found', () => {
    const [d] = compileText('"a" * 2', VALUE).diags;
    expect(d.message).toBe("operator '*' expects numbers, but this is a string");
    const [f] = compileText('len(3)', VALUE).diags;
    expect(f.message).toBe("'len' expects a string or an array, but this is a number");
  });

  test('unknown identifiers are fields, not errors', () => {
    expect(compileText('whatever > 1 and other.deep[0] == "x"', FILTER).diags).toEqual([]);
  });

  test('an error does not cascade into the enclosing expression', () => {
    expect(compileText('("a" * 2) + 1 > 3 and x', FILTER).diags.map((d) => d.code)).toEqual(['CEP2510']);
  });

  test('static types are inferred where visible', () => {
    const t = (src: string): number => compileText(src, VALUE).c.type;
    expect(t('1 + 2')).toBe(4); // folded to the number 3
    expect(t('x + 1') & 8).toBe(8); // may join strings
    expect(t('x * 1')).toBe(4 | 1);
    expect(t('x < 1')).toBe(2 | 1);
    expect(t('x == 1')).toBe(2 | 1);
    expect(t('x == null')).toBe(2);
    expect(t('lower(x)')).toBe(8 | 1);
    expect(t('exists(x)')).toBe(2);
  });
});

describe('conditions must be boolean', () => {
  const envs: [string, ExprEnv][] = [
    ['filter', FILTER],
    ['condition', { context: 'condition', steps: ['a'], stepIndex: 0 }],
    ['until', { context: 'until', steps: ['a'], stepIndex: 0 }],
    ['having', { context: 'having', steps: [], aggregates: ['total'] }],
  ];

  test.each(envs)('%s', (_, env) => {
    const src = env.context === 'having' ? 'total + 1' : 'amount * 2';
    const { diags } = compileText(src, env);
    expect(diags.map((d) => d.code)).toEqual(['CEP2512']);
    expect(diags[0].column).toBe(1);
    expect(diags[0].endColumn).toBe(src.length + 1);
  });

  test.each(['"yes"', 'null', 'len(x)', 'x + "s"'])('%s is not a condition', (src) => {
    expect(compileText(src, FILTER).diags.map((d) => d.code)).toEqual(['CEP2512']);
  });

  test.each(['x', 'x.y', 'if(a, b, c)', 'coalesce(a, false)', 'x == 1', 'exists(x)', 'true'])(
    '%s may be a condition',
    (src) => {
      expect(compileText(src, FILTER).diags).toEqual([]);
    },
  );

  test('emit values need not be boolean', () => {
    expect(compileText('amount * 2', VALUE).diags).toEqual([]);
  });
});

describe('the catalogue', () => {
  test('codes are unique and within CEP2500-CEP2999', () => {
    const all = Object.values(ExprMessages).map((m) => m.code);
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) {
      expect(code).toMatch(/^CEP2[5-9]\d\d$/);
    }
  });
});

// `matches`: literal ECMAScript patterns, checked at compile time so that none can backtrack
// exponentially.

import fc from 'fast-check';
import { regexProblem } from '../../../src/lang/expr/regex/safety';
import { codes, compileText, evalText } from './harness';

const m = (pattern: string): string => `s matches ${JSON.stringify(pattern)}`;

describe('accepted patterns', () => {
  test.each([
    ['^[a-z]+@[a-z]+\\.com$', 'bob@example.com', true],
    ['^[a-z]+@[a-z]+\\.com$', 'bob@example.org', false],
    ['(ab|cd)*x', 'zzabcdabx', true],
    ['^\\d{3}-\\d{4}$', '555-1234', true],
    ['^(\\d+\\.){3}\\d+$', '10.0.0.1', true],
    ['^(\\d{1,3}\\.){3}\\d{1,3}$', '10.0.0.1', true],
    ['^(-?\\d)+$', '1-2-3', true],
    ['ERROR', 'an ERROR here', true],
    ['^ERROR$', 'an ERROR here', false],
    ['caf\\u00e9', 'café', true],
    ['^.$', '😀', true],
    ['^[^,]*,[^,]*$', 'a,b', true],
    ['(?<year>\\d{4})-(?:\\d\\d)', '2024-01', true],
    ['^\\p{Lu}', 'Ábc', true],
    ['(a|b)*c', 'ababc', true],
    ['^(a|b|c){2,5}$', 'abcab', true],
  ])('%s on %s', (pattern, s, expected) => {
    expect(evalText(m(pattern), { s })).toBe(expected);
  });

  test('a non-string subject gives null', () => {
    expect(evalText(m('a'), { s: 5 })).toBe(null);
    expect(evalText(m('a'), {})).toBe(null);
  });
});

describe('refused patterns', () => {
  test.each([
    ['(a+)+', 'CEP2554'],
    ['(a*)*', 'CEP2554'],
    ['(a*b)*', 'CEP2554'],
    ['(.*a)+x', 'CEP2554'],
    ['(x+x+)+y', 'CEP2554'],
    ['^([a-z0-9]+\\.)+com$', 'CEP2554'],
    ['(a|a)*', 'CEP2555'],
    ['(a|ab|b)*c', 'CEP2555'],
    ['(a|aa)+$', 'CEP2555'],
    ['(a?)*', 'CEP2555'],
    ['(a?b?)+c', 'CEP2555'],
    ['(\\d|[0-9a-f])+', 'CEP2555'],
    ['(a|aa){1,30}$', 'CEP2555'],
    ['(a+){1,30}$', 'CEP2555'],
    ['^(\\w+\\s?){1,20}$', 'CEP2555'],
    ['(.|\\s)*', 'CEP2555'],
    ['(a)\\1', 'CEP2552'],
    ['(?<n>a)\\k<n>', 'CEP2552'],
    ['a(?=b)', 'CEP2553'],
    ['a(?!b)', 'CEP2553'],
    ['(?<=a)b', 'CEP2553'],
    ['(?<!a)b', 'CEP2553'],
    ['(', 'CEP2551'],
    ['[a-', 'CEP2551'],
    ['a{2,1}', 'CEP2551'],
    ['\\-', 'CEP2551'],
  ])('%s → %s', (pattern, code) => {
    expect(codes(m(pattern))).toEqual([code]);
  });

  test('the message names the repeated part and the span is the pattern', () => {
    const src = m('x(a|a)*y');
    const [d] = compileText(src).diags;
    expect(d.message).toContain('(a|a)*');
    expect(src.slice(d.column - 1, d.endColumn - 1)).toBe('"x(a|a)*y"');
  });

  test('the pattern must be a string literal', () => {
    expect(codes('s matches p')).toEqual(['CEP2550']);
    expect(codes('s matches "a" + "b"')).toEqual(['CEP2550']);
  });
});

// Random patterns over a tiny alphabet: whatever the check accepts must match adversarial
// inputs quickly. An exponential pattern needs seconds on these 28-character strings.
describe('accepted patterns do not backtrack exponentially', () => {
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '\\w', 'a?', '(?:)');
  const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '{1,12}');
  const tree: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
    re: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('re'), tie('re')).map(([x, y]) => x + y),
      fc.tuple(tie('re'), tie('re')).map(([x, y]) => `(?:${x}|${y})`),
      fc.tuple(tie('re'), quant).map(([x, q]) => `(?:${x})${q}`),
    ),
  })).re;
  const inputs = ['a'.repeat(28) + '!', 'ab'.repeat(14) + '!', 'b'.repeat(28) + '!', 'aab'.repeat(9) + '!'];

  test('property', () => {
    fc.assert(
      fc.property(tree, (body) => {
        const pattern = `^(?:${body})$`;
        let valid = true;
        try {
          new RegExp(pattern, 'u');
        } catch {
          valid = false;
        }
        if (!valid || regexProblem(pattern) !== null) return;
        const re = new RegExp(pattern, 'u');
        const start = process.hrtime.bigint();
        for (const input of inputs) re.test(input);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        expect(ms).toBeLessThan(200);
      }),
      { numRuns: 400 },
    );
  });

  test('sanity: the generator does produce dangerous patterns, and they are refused', () => {
    expect(regexProblem('^(?:(?:a|[ab])+)$')).not.toBeNull();
    expect(regexProblem('^(?:(?:a?)(?:a?))+$')).not.toBeNull();
    expect(regexProblem('^(?:(?:a){1,3})+$')).not.toBeNull();
  });
});

describe('the safety check on arbitrary valid patterns', () => {
  const piece = fc.constantFrom(
    'a', 'b', '.', '|', '(', ')', '(?:', '(?<n>', '(?=', '(?<=', '[', ']', '[^', '-', '*', '+', '?', '{2}', '{1,}', '{0,3}',
    '\\d', '\\w', '\\s', '\\b', '\\1', '\\k<n>', '\\u{1F600}', '\\uD83D\\uDE00', '\\x41', '\\p{L}', '\\-', '^', '$', '\\.',
  );

  test('never throws and always terminates', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const pattern = pieces.join('');
        try {
          new RegExp(pattern, 'u');
        } catch {
          return;
        }
        const problem = regexProblem(pattern);
        if (problem !== null) expect(problem.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});

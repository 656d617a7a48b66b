// Syntax errors: file:line:col, a stable code, what was expected; recovery so that the errors of
// every block (and every clause of a block) are reported together; never a throw.
import fc from 'fast-check';
import { parseRuleFile } from '../../../src/lang/parse';
import { validCorpus } from './corpus';

function errors(text: string): string[] {
  return parseRuleFile(text, 'f.cep').diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('what was expected', () => {
  test.each([
    ['rule r {\n  key user\n  pattern a -> -> b\n}', "3:16 CEP1001 expected a step name, found '->'"],
    ['rule { pattern a }', "1:6 CEP1001 expected a rule name, found '{'"],
    ['rule r { filter }', "1:17 CEP1001 expected an expression, found '}'"],
    ['rule r { pattern a where a: x == }', "1:34 CEP1001 expected an expression, found '}'"],
    ['rule r { pattern a where }', "1:26 CEP1001 expected a where entry ('STEP: condition'), found '}'"],
    ['rule r { pattern a skip to }', "1:28 CEP1001 expected 'next', 'first' or 'last', found '}'"],
    ['rule r { pattern a window }', "1:27 CEP1001 expected 'tumbling', 'sliding' or 'session', found '}'"],
    ['rule r { pattern a within 10 }', "1:27 CEP1001 expected a duration (such as 500ms, 10s, 5m, 1h or 7d) or 'session', found '10'"],
    ['rule r { severity "high" pattern a }', '1:19 CEP1001 expected a severity (low, medium, high or critical), found "high"'],
    ['rule r { enabled no pattern a }', "1:18 CEP1001 expected true or false, found 'no'"],
    ['source s { topic 1 }', "1:18 CEP1001 expected a string, found '1'"],
    ['source s { pattern a }', "1:12 CEP1001 expected a source clause (topic, time, watermark, idle, lateness or format) or '}', found 'pattern'"],
    ['rule r { pattern a emit { a: 1 b: 2 } }', "1:32 CEP1001 expected an operator, ',' or '}', found 'b'"],
    ['rule r { pattern a where a: (x }', "1:32 CEP1001 expected an operator or ')', found '}'"],
    ['rule r { pattern a -> where }', "1:23 CEP1001 expected a step name, found 'where'"],
    ['rule r { pattern a{2 -> b }', "1:22 CEP1001 expected ',' or '}', found '->'"],
    ['rule r { key pattern a }', "1:22 CEP1001 expected a clause, '.', '[', ',' or '}', found 'a'"],
    ['rule r { window tumbling 1m aggregate n count() }', "1:41 CEP1001 expected '.', '[', '(', ',', '=', a clause or '}', found 'count'"
      .replace("expected '.', '[', '(', ',', '=', a clause or '}'", "expected '='")],
    ['rule r { pattern a where a: x = 1 }', "1:31 CEP1001 expected an operator, a clause, a where entry ('STEP: condition'), ',' or '}', found '='"],
  ])('%j', (text, expected) => {
    expect(errors(text)).toEqual([expected]);
  });

  test('the end of the file', () => {
    expect(errors('rule r {\n  pattern a\n')).toEqual([
      "2:12 CEP1002 expected a quantifier, a modifier, a clause, a step name, '->', '->>' or '}', found the end of the file",
    ]);
  });

  test('a comparison after a comparison', () => {
    expect(errors('rule r { pattern a where a: 1 < x < 2 }')).toEqual([
      "1:35 CEP1010 comparisons do not chain: '<' cannot follow a comparison; write 'a < b and b < c'",
    ]);
  });
});

describe('recovery', () => {
  test('an error in one rule still reports the errors of the others', () => {
    const text = 'rule a { pattern x -> }\nrule b { pattern y }\nrule c { pattern -> z }\nsource s { topic }';
    const { ast, diagnostics } = parseRuleFile(text, 'f.cep');
    expect(diagnostics.map((d) => d.line)).toEqual([1, 3, 4]);
    expect(ast?.rules.map((r) => r.name)).toEqual(['b']);
    expect(ast?.incomplete).toBe(true);
  });

  test('every broken clause of a rule is reported', () => {
    const text = 'rule r {\n  pattern a ->\n  where a: x ==\n  within 10\n  emit { a: 1 }\n}';
    expect(errors(text).map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([
      '3:3 CEP1001',
      '4:3 CEP1001',
      '4:10 CEP1001',
    ]);
  });

  test('a missing closing brace is reported where the next rule starts', () => {
    const text = 'rule a {\n  pattern x\nrule b { pattern y }';
    const { ast, diagnostics } = parseRuleFile(text, 'f.cep');
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:1 CEP1001']);
    expect(diagnostics[0].message).toMatch(/or '}', found 'rule'$/);
    expect(ast?.rules.map((r) => r.name)).toEqual(['b']);
  });

  test('text outside any block', () => {
    expect(errors('rul r { pattern a }\nrule s { pattern b }')).toEqual([
      "1:1 CEP1009 expected 'rule' or 'source', found 'rul'",
    ]);
    expect(errors('rule r { pattern a } }')).toEqual(["1:22 CEP1009 expected 'rule' or 'source', found '}'"]);
  });

  test('a lexical error is reported once, not again as a syntax error', () => {
    expect(errors('rule r { pattern a within 10sec }').map((e) => e.split(' ')[1])).toEqual(['CEP1007']);
    expect(errors('rule r { pattern a where a: x && y }').map((e) => e.split(' ')[1])).toEqual(['CEP1008']);
    expect(errors('rule r { pattern a where a: x # y }').map((e) => e.split(' ')[1])).toEqual(['CEP1006']);
  });

  test('a bad escape or an unterminated string does not stop the parse', () => {
    const bad = parseRuleFile('rule r { pattern a where a: x == "\\q" }', 'f.cep');
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['CEP1004']);
    expect(bad.ast?.rules).toHaveLength(1);
    const open = parseRuleFile('rule r {\n pattern a where a: x == "abc\n}', 'f.cep');
    expect(open.diagnostics.map((d) => d.code)).toEqual(['CEP1003']);
    expect(open.ast?.rules).toHaveLength(1);
  });

  test('errors carry the file name and a span', () => {
    const [d] = parseRuleFile('rule r { pattern a -> -> b }', 'rules/x.cep').diagnostics;
    expect(d).toEqual({
      code: 'CEP1001',
      severity: 'error',
      message: "expected a step name, found '->'",
      file: 'rules/x.cep',
      line: 1,
      column: 23,
      endLine: 1,
      endColumn: 25,
    });
  });
});

describe('never throws', () => {
  const VOCABULARY = [
    'rule', 'source', 'r', 'a', 'b', '{', '}', '(', ')', '[', ']', 'pattern', 'where', 'key', 'emit',
    'within', 'session', 'gap', 'window', 'tumbling', 'aggregate', 'count', '=', ':', ',', '.', '->',
    '->>', '!', '?', '+', '*', '{2,}', 'greedy', 'until', 'not', 'and', '==', '<', '-', '10s', '1.5',
    '"s"', "'x", '"\\q"', '/*', '//', '\n', 'max', 'partial', 'skip', 'to', 'first', 'on', 'timeout',
    'prior', 'event', '$', '&&', '0.5ms',
  ];

  test('on any soup of the language\'s tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 40 }), (words) => {
        const result = parseRuleFile(words.join(' '), 'f.cep');
        expect(result.ast).not.toBeNull();
        for (const d of result.diagnostics) expect(d.code).not.toBe('CEP1000');
      }),
      { numRuns: 500 },
    );
  });

  test('on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const result = parseRuleFile(text, 'f.cep');
        for (const d of result.diagnostics) {
          expect(d.code).not.toBe('CEP1000');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('on valid files with a piece cut out', () => {
    const corpus = validCorpus().filter((_, i) => i % 7 === 0);
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.nat(), fc.nat(20), (file, at, len) => {
        const start = at % (file.text.length + 1);
        const text = file.text.slice(0, start) + file.text.slice(start + len);
        const result = parseRuleFile(text, 'f.cep');
        for (const d of result.diagnostics) expect(d.code).not.toBe('CEP1000');
      }),
      { numRuns: 300 },
    );
  });
});

// LANGUAGE.md 11: the errors of one file are reported together where the parser can recover.
// A syntax error in one rule does not hide a type error in another; a rule with an error already
// gets no follow-on errors; nothing of a file with an error runs.
import { compileRuleFiles } from '../../../src/compile/compile-rules';

const compile = (text: string) => compileRuleFiles([{ file: 'f.cep', text }]);
const brief = (r: ReturnType<typeof compile>) => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

test('a type error in one rule and a syntax error in the next are both reported, in text order', () => {
  const r = compile('rule s {\n  pattern x\n  where x: "a" * 2\n}\nrule t {\n  pattern x\n  where x: v <\n}\n');
  expect(brief(r)).toEqual(['3:12 CEP2510', '8:1 CEP1001']);
  expect(r.ok).toBe(false);
  expect(r.ruleSet.rules).toEqual([]);
});

test('a clean rule beside a broken one compiles without errors of its own, but does not run', () => {
  const r = compile('rule ok { pattern x where x: v > 1 }\nrule bad { pattern x where x: v < }\n');
  expect(brief(r)).toEqual(['2:35 CEP1001']);
  expect(r.files[0].rules).toEqual([]);
  expect(r.ruleSet.rules).toEqual([]);
});

test('a rule with a structural error is not type-checked as well', () => {
  // `x` is not a step of the pattern (an error of the rule's structure); its `where` has a type
  // error too, which would only repeat that the rule is broken
  const r = compile('rule r { pattern a where x: "a" * 2 }\nrule q { pattern a where a: "b" * 2 }\n');
  const codes = brief(r);
  expect(codes.filter((c) => c.startsWith('1:'))).toHaveLength(1);
  expect(codes.filter((c) => c.startsWith('2:'))).toEqual(['2:29 CEP2510']);
});

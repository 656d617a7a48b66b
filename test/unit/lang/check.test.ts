// The structural checks: every compile error LANGUAGE.md states that needs no expression typing.
// Each case lists the diagnostics as `line:col CODE`, in position order.
import { checkDuplicateRules } from '../../../src/lang/check';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { parseRuleFile } from '../../../src/lang/parse';
import { conformanceErrors } from './corpus';
import { codes, diagnose } from './helpers';

const CASES: [string, string[]][] = [
  ["rule r { pattern a within 1s within 2s }", ["1:30 CEP2001"]],
  ["source s { topic \"a\" topic \"b\" }", ["1:22 CEP2001"]],
  ["rule r {\n pattern a\n window tumbling 1m\n aggregate n = count() }", ["3:2 CEP2002"]],
  ["rule r {\n window tumbling 1m\n pattern a\n aggregate n = count() }", ["3:2 CEP2002"]],
  ["rule r { key k }", ["1:6 CEP2003"]],
  ["rule r { pattern a }\nrule r { pattern b }", ["2:6 CEP2004"]],
  ["source s {}\nsource s {}", ["2:8 CEP2005"]],
  ["rule r { window tumbling 1m aggregate n = count() where a: x skip to next within 1s within session gap 1s on timeout emit {} max partial 3 }", ["1:51 CEP2006","1:62 CEP2006","1:75 CEP2006","1:85 CEP2006","1:107 CEP2006","1:126 CEP2006"]],
  ["rule r { pattern a aggregate n = count() having n > 1 }", ["1:20 CEP2007","1:42 CEP2007"]],
  ["rule r { window tumbling 1m }", ["1:10 CEP2008"]],
  ["rule r { pattern a on timeout emit {} }", ["1:20 CEP2009"]],
  ["rule r { pattern a -> b -> a }", ["1:28 CEP2010"]],
  ["rule r { pattern a where b: x }", ["1:26 CEP2012"]],
  ["rule r { pattern a where a: x a: y }", ["1:31 CEP2013"]],
  ["rule r { pattern a skip to first b }", ["1:34 CEP2014"]],
  ["rule r { pattern a skip to last b }", ["1:33 CEP2014"]],
  ["rule r { pattern !a -> b }", ["1:18 CEP2020"]],
  ["rule r { pattern a -> !b }", ["1:23 CEP2021"]],
  ["rule r { pattern a !b }", []],
  ["rule r { pattern a -> !b+ -> c }", ["1:25 CEP2022"]],
  ["rule r { pattern a -> !b greedy -> c }", ["1:26 CEP2023"]],
  ["rule r { pattern a -> !b until(x) consecutive -> c }", ["1:26 CEP2023","1:35 CEP2023"]],
  ["rule r { pattern a? -> !b -> c }", ["1:24 CEP2024"]],
  ["rule r { pattern a* !b -> c }", ["1:21 CEP2024"]],
  ["rule r { pattern a{0,2} -> !b -> c }", ["1:28 CEP2024"]],
  ["rule r { pattern a{2}? -> !b -> c }", ["1:27 CEP2024"]],
  ["rule r { pattern (x y)? -> !b -> c }", ["1:28 CEP2024"]],
  ["rule r { pattern a ->> !b -> c }", ["1:24 CEP2025"]],
  ["rule r { pattern a -> !b c }", ["1:26 CEP2026"]],
  ["rule r { pattern a -> !b !c -> d }", ["1:26 CEP2026"]],
  ["rule r { pattern a -> !(b c) -> d }", ["1:23 CEP2027"]],
  ["rule r { pattern a -> (b -> !c -> d) -> e }", ["1:29 CEP2028"]],
  ["rule r { pattern a+? b*? c?? }", ["1:20 CEP2030","1:24 CEP2030","1:28 CEP2030"]],
  ["rule r { pattern a{0} -> b{0,} }", ["1:19 CEP2031","1:27 CEP2031"]],
  ["rule r { pattern a{3,2} -> b{2,0} -> c{0,0} }", ["1:19 CEP2032","1:29 CEP2033","1:39 CEP2031"]],
  ["rule r { pattern a{1.5} }", ["1:19 CEP2034"]],
  ["rule r { pattern a consecutive -> b? greedy -> c until(x) combinations }", ["1:20 CEP2040","1:38 CEP2040","1:50 CEP2040","1:59 CEP2040"]],
  ["rule r { pattern a+ consecutive combinations -> b* combinations consecutive }", ["1:33 CEP2041","1:65 CEP2041"]],
  ["rule r { pattern a+ combinations greedy }", ["1:34 CEP2042"]],
  ["rule r { pattern (a b)+ greedy -> (c d)* until(x) }", ["1:25 CEP2043","1:35 CEP2047","1:42 CEP2045"]],
  ["rule r { pattern a{2} until(x) -> b{2,3} until(y) -> c{2,}? until(z) }", ["1:23 CEP2044","1:42 CEP2044"]],
  ["rule r { pattern a+ greedy greedy }", ["1:28 CEP2046"]],
  ["rule r { pattern a+ greedy -> b? }", ["1:31 CEP2047"]],
  ["rule r { pattern a* greedy -> (b c)* }", ["1:31 CEP2047"]],
  ["rule r { window tumbling 1m aggregate a = median(x), b = count(x), c = sum(), d = avg(x, y) }", ["1:43 CEP2060","1:54 CEP2061","1:68 CEP2062","1:79 CEP2062"]],
  ["rule r { window tumbling 1m aggregate n = count(), n = sum(x), key = count() }", ["1:52 CEP2063","1:64 CEP2064"]],
  ["rule r { pattern a within 0ms }", ["1:27 CEP2065"]],
  ["rule r { window tumbling 0ms aggregate n = count() }", ["1:26 CEP2065"]],
  ["rule r { window sliding 1m every 0s aggregate n = count() }", ["1:34 CEP2065"]],
  ["rule r { window session gap 0m aggregate n = count() }", ["1:29 CEP2065"]],
  ["rule r { pattern a within session gap 0s }", ["1:39 CEP2065"]],
  ["rule r { severity urgent pattern a }", ["1:10 CEP2070"]],
  ["rule r { max partial 0 pattern a }", ["1:10 CEP2071"]],
  ["rule r { max partial 1.5 pattern a }", ["1:10 CEP2071"]],
  ["rule r { pattern a emit { x: 1, x: 2 } }", ["1:33 CEP2072"]],
  ["source s { format csv }", ["1:12 CEP2073"]],
  ["rule r { key items[1.5] pattern a }", ["1:10 CEP2074"]],
];

test.each(CASES)('%j', (source, expected) => {
  expect(codes(source)).toEqual(expected);
});

function messageOf(source: string): string {
  const list = diagnose(source);
  expect(list).toHaveLength(1);
  return list[0].message;
}

describe('messages name both places of a two-place error', () => {
  test('window beside the pattern', () => {
    expect(messageOf('rule r {\n  pattern a\n  window tumbling 1m\n  aggregate n = count()\n}')).toBe(
      'a rule has a pattern or a window, not both: window beside the pattern at line 2',
    );
  });

  test('a repeated clause names the first', () => {
    expect(messageOf('rule r {\n  pattern a\n  within 1s\n  within 2s\n}')).toBe(
      "'within' is given twice in rule 'r'; the first is at line 3",
    );
  });

  test('a repeated step names the first', () => {
    expect(messageOf('rule r { pattern a -> b\n -> a }')).toBe(
      "step 'a' appears twice in the pattern; the first is at line 1, column 18",
    );
  });
});

describe('negation at the end of a pattern', () => {
  test('strict !b at the end needs no within', () => {
    expect(codes('rule r { pattern a !b }')).toEqual([]);
  });

  test.each(['within 1m', 'within session gap 1m'])('-> !b at the end with %s', (clause) => {
    expect(codes(`rule r { pattern a -> !b ${clause} }`)).toEqual([]);
  });

  test('-> !b -> !c at the end needs within too', () => {
    expect(codes('rule r { pattern a -> !b -> !c }')).toEqual(['1:29 CEP2021']);
  });
});

describe('what is allowed', () => {
  test.each([
    'rule r { pattern a -> !b -> !c -> d }',
    'rule r { pattern a !b -> c }',
    'rule r { pattern a !b ->> c }',
    'rule r { pattern a -> !b ->> c }',
    'rule r { pattern a{0,3} consecutive -> b }',
    'rule r { pattern a{2}? combinations -> b }',
    'rule r { pattern a{2,}? until(x) greedy consecutive -> b }',
    'rule r { pattern a+ greedy -> b }',
    'rule r { pattern (a b){2} consecutive -> c }',
    'rule r { pattern (a -> b)+ combinations -> c }',
    'rule r { pattern a -> b within 1m on timeout emit {} }',
    'rule r { pattern a -> b within session gap 1m on timeout emit {} }',
    'rule r { pattern a -> b skip to first a }',
    'rule r { pattern a -> (b c) skip to last c }',
    'rule r { pattern a where a: prior.count() > 1 emit { n: prior.count() } }',
    'rule r { window tumbling 1m aggregate n = count() suppress 1m emit { n: n } }',
    'rule r { pattern count -> first where count: x first: y }',
  ])('%s', (source) => {
    expect(codes(source)).toEqual([]);
  });
});

describe('duplicate rules across files', () => {
  function check(files: [string, string][]): string[][] {
    const asts = files.map(([name, text]) => parseRuleFile(text, name).ast!);
    const bags = files.map(([name]) => new DiagnosticBag(name));
    checkDuplicateRules(asts, bags);
    return bags.map((b) => b.items.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`));
  }

  test('the later file is reported, naming the earlier file:line', () => {
    expect(check([
      ['a.cep', 'rule x { pattern a }\nrule y { pattern a }'],
      ['b.cep', '\nrule y { pattern b }'],
    ])).toEqual([[], ["2:6 CEP2004 rule 'y' is already defined at a.cep:2"]]);
  });

  test('a repeat inside one file is left to checkRuleFile', () => {
    expect(check([['a.cep', 'rule x { pattern a }\nrule x { pattern a }']])).toEqual([[]]);
    expect(check([
      ['a.cep', 'rule x { pattern a }'],
      ['b.cep', 'rule x { pattern a }\nrule x { pattern a }'],
    ])).toEqual([[], ["1:6 CEP2004 rule 'x' is already defined at a.cep:1"]]);
  });
});

describe('conformance error cases', () => {
  // a forward step reference is found by the expression compiler (src/lang/expr), not here
  const EXPRESSION_COMPILER = new Set(['conformance/cases/engine/error-forward-reference.json']);
  const cases = conformanceErrors();

  test('there are some', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const lines = diagnose(c.text).map((d) => d.line);
    if (EXPRESSION_COMPILER.has(name)) {
      expect(lines).toEqual([]);
      return;
    }
    expect(lines).toContain(c.line);
    if (c.contains !== undefined) {
      expect(diagnose(c.text).map((d) => d.message).join('\n')).toContain(c.contains);
    }
  });
});

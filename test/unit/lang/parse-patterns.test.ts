// Parsing patterns (LANGUAGE.md section 5): contiguity, negation, quantifiers, modifiers, groups.
// Illegal forms parse too (the checker names them), so they are shown here as well.
import { rule, show, showPattern } from './helpers';

function pattern(text: string): string {
  return showPattern(rule(`rule r { pattern ${text} }`).pattern!);
}

describe('contiguity', () => {
  test('strict, relaxed, any', () => {
    expect(pattern('a b -> c ->> d')).toBe('a b -> c ->> d');
    const els = rule('rule r { pattern a b -> c ->> d }').pattern!.elements;
    expect(els.map((e) => e.contiguity)).toEqual([null, 'strict', 'relaxed', 'any']);
  });

  test('a pattern ends where the next clause word begins', () => {
    const r = rule('rule r { pattern a b c where a: x }');
    expect(showPattern(r.pattern!)).toBe('a b c');
  });
});

describe('negated steps', () => {
  test.each([
    'a !b c',
    'a !b -> c',
    'a !b ->> c',
    'a -> !b -> c',
    'a -> !b ->> c',
    'a -> !b -> !c -> d',
    'a !b',
    'a -> !b',
  ])('%s', (p) => {
    expect(pattern(p)).toBe(p);
  });

  test('the negation flag is on the element', () => {
    const els = rule('rule r { pattern a -> !b }').pattern!.elements;
    expect(els.map((e) => e.negated)).toEqual([false, true]);
    expect(els[1].span).toEqual({ line: 1, col: 23, endLine: 1, endCol: 25 });
  });
});

describe('quantifiers', () => {
  test.each([
    ['a?', 'optional', 0, 1, false],
    ['a+', 'oneOrMore', 1, null, false],
    ['a*', 'zeroOrMore', 0, null, false],
    ['a{3}', 'times', 3, 3, false],
    ['a{3,}', 'times', 3, null, false],
    ['a{2,5}', 'times', 2, 5, false],
    ['a{3}?', 'times', 3, 3, true],
    ['a{3,}?', 'times', 3, null, true],
    ['a{2,5}?', 'times', 2, 5, true],
    ['a{0,5}', 'times', 0, 5, false],
  ])('%s', (p, kind, min, max, optional) => {
    const q = rule(`rule r { pattern ${p} }`).pattern!.elements[0].quantifier;
    expect(q).toMatchObject({ kind, min, max, optional });
  });

  test('a ? after ? + * is kept as stray, to be reported', () => {
    for (const p of ['a+?', 'a*?', 'a??']) {
      const q = rule(`rule r { pattern ${p} }`).pattern!.elements[0].quantifier!;
      expect(q.strayOptional).toBeDefined();
      expect(q.optional).toBe(false);
    }
  });

  test('whitespace may separate a step from its quantifier', () => {
    expect(pattern('a {2, 3} -> b +')).toBe('a{2,3} -> b+');
  });

  test('a quantifier then a strict step', () => {
    expect(pattern('a? b* c+ d{2} e')).toBe('a? b* c+ d{2} e');
  });
});

describe('modifiers', () => {
  test('each modifier, in any order', () => {
    expect(pattern('a+ consecutive -> b* combinations -> c{2,} greedy -> d+ until(x > 1)')).toBe(
      'a+ consecutive -> b* combinations -> c{2,} greedy -> d+ until((> x 1))',
    );
    expect(pattern('a+ until(x) greedy consecutive')).toBe('a+ consecutive greedy until(x)');
  });

  test('until takes any expression and is followed by the next step', () => {
    const r = rule('rule r { pattern a+ until(count(a) >= 3 and not done) b }');
    const until = r.pattern!.elements[0].modifiers.until!;
    expect(show(until.expr)).toBe('(and (>= (call count a) 3) (not done))');
    expect(r.pattern!.elements[1].contiguity).toBe('strict');
  });

  test('a repeated modifier is kept aside, to be reported', () => {
    const m = rule('rule r { pattern a+ greedy greedy }').pattern!.elements[0].modifiers;
    expect(m.greedy).toBeDefined();
    expect(m.duplicates?.map((d) => d.name)).toEqual(['greedy']);
  });
});

describe('groups', () => {
  test.each([
    'start -> (a -> b){2} -> end',
    '(a b)+ consecutive',
    'start ->> (a -> b){2} combinations -> end',
    's -> (a b)? -> (c -> d)* -> t',
    's -> (a ->> (b c)+){1,3}? -> t',
    '!(a b) -> c',
  ])('%s', (p) => {
    expect(pattern(p)).toBe(p);
  });

  test('the contiguity before a group is on the group; its first step has none', () => {
    const els = rule('rule r { pattern s -> (a b) }').pattern!.elements;
    expect(els[1].contiguity).toBe('relaxed');
    const body = els[1].item.kind === 'group' ? els[1].item.body.elements : [];
    expect(body.map((e) => e.contiguity)).toEqual([null, 'strict']);
  });
});

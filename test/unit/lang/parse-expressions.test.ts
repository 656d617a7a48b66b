// Expressions (LANGUAGE.md section 6): the generic shape and the precedence, tightest first:
// member/call, unary -, * / %, + -, comparisons (no chaining), not, and, or.
import { codes, sexpr } from './helpers';

describe('precedence', () => {
  test.each([
    ['not type == "x"', '(not (== type "x"))'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not not a', '(not (not a))'],
    ['a == b and c != d', '(and (== a b) (!= c d))'],
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b % c * d', '(* (% (/ a b) c) d)'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['-a.b', '(- (. a b))'],
    ['-f(x)', '(- (call f x))'],
    ['a - -1', '(- a (- 1))'],
    ['a + b < c * d', '(< (+ a b) (* c d))'],
    ['(a or b) and c', '(and (or a b) c)'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['x in [1, 2] or y', '(or (in x [1 2]) y)'],
    ['name contains "a" and name startswith "b"', '(and (contains name "a") (startswith name "b"))'],
    ['name endswith "c" or name matches "^a"', '(or (endswith name "c") (matches name "^a"))'],
    ['a + 1 in xs', '(in (+ a 1) xs)'],
  ])('%s', (source, expected) => {
    expect(sexpr(source)).toBe(expected);
  });
});

describe('comparisons do not chain', () => {
  test.each(['a < b < c', 'a == b == c', 'a < b in c', 'x contains "a" == true'])('%s', (source) => {
    expect(codes(`rule r { filter ${source} pattern a }`)).toEqual([expect.stringMatching(/ CEP1010$/)]);
  });

  test('parentheses make it one comparison of a comparison', () => {
    expect(sexpr('(a < b) == c')).toBe('(== (< a b) c)');
  });
});

describe('primaries and postfix', () => {
  test.each([
    ['12', '12'],
    ['0.5', '0.5'],
    ['1e6', '1000000'],
    ['"s"', '"s"'],
    ["'s'", '"s"'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['500ms', '500ms'],
    ['10s', '10000ms'],
    ['event', '<event>'],
    ['key', '<key>'],
    ['[]', '[]'],
    ['[1, "a", [b]]', '[1 "a" [b]]'],
    ['geo.country', '(. geo country)'],
    ['items[0].sku', '(. ([] items 0) sku)'],
    ['event["user-id"]', '([] <event> "user-id")'],
    ['event.key', '(. <event> key)'],
    ['event.where', '(. <event> where)'],
    ['event["where"]', '([] <event> "where")'],
    ['first(small).merchant', '(. (call first small) merchant)'],
    ['prior.count()', '(call (. <prior> count))'],
    ['prior.avg(amount)', '(call (. <prior> avg) amount)'],
    ['prior.last.x', '(. (. <prior> last) x)'],
    ['window.start', '(. <window> start)'],
    ['max(a, b)', '(call max a b)'],
    ['min(a, b)', '(call min a b)'],
    ['time(event)', '(call time <event>)'],
    ['if(c, a, b)', '(call if c a b)'],
    ['f()', '(call f)'],
    ['f(a)(b)', '(call (call f a) b)'],
    ['sum(small.amount) + big.amount', '(+ (call sum (. small amount)) (. big amount))'],
  ])('%s', (source, expected) => {
    expect(sexpr(source)).toBe(expected);
  });

  test('string escapes are decoded', () => {
    expect(sexpr(String.raw`"a\\b\"c\'d\ne\tf\u00e9"`)).toBe(JSON.stringify('a\\b"c\'d\ne\tf\u00e9'));
  });

  test('a duration in an expression is its length in ms', () => {
    expect(sexpr('time(b) - time(a) < 1h')).toBe('(< (- (call time b) (call time a)) 3600000ms)');
  });
});

// Generated expressions and patterns, written with as few parentheses as the precedence allows,
// must parse in exactly one way and back to the structure they were generated from. This probes
// the grammar for ambiguity well beyond the fixed corpus.
import fc from 'fast-check';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { runParser } from '../../../src/lang/syntax/run-parser';
import { scan, significantTokens } from '../../../src/lang/syntax/tokens';
import { rule, show, showPattern } from './helpers';

/** A generated expression: its text, its S-expression (as helpers.show prints) and its level. */
interface Gen {
  text: string;
  sexpr: string;
  level: number;
}

// levels, loosest first, as LANGUAGE.md section 6
const OR = 1, AND = 2, NOT = 3, CMP = 4, ADD = 5, MUL = 6, NEG = 7, POSTFIX = 8;

function wrap(g: Gen, min: number): string {
  return g.level >= min ? g.text : `(${g.text})`;
}

/** The object of `.x` or `[i]`: a number needs parentheses (`0.x` would be a bad number). */
function object(g: Gen): string {
  return /^[0-9]/.test(g.text) ? `(${g.text})` : wrap(g, POSTFIX);
}

function binary(op: string, level: number, l: Gen, r: Gen): Gen {
  // left-associative: the left operand may sit at the same level, the right one must be tighter;
  // comparisons do not chain, so both of their operands must be tighter
  const leftMin = level === CMP ? level + 1 : level;
  return { text: `${wrap(l, leftMin)} ${op} ${wrap(r, level + 1)}`, sexpr: `(${op} ${l.sexpr} ${r.sexpr})`, level };
}

const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.constantFrom('x', 'amount', 'time', 'count', 'first').map((n) => ({ text: n, sexpr: n, level: 9 })),
  fc.constantFrom('event', 'key', 'prior', 'window').map((w) => ({ text: w, sexpr: `<${w}>`, level: 9 })),
  fc.nat(999).map((n) => ({ text: String(n), sexpr: String(n), level: 9 })),
  fc.constantFrom('true', 'false', 'null').map((v) => ({ text: v, sexpr: v, level: 9 })),
  fc.constantFrom('"a"', "'b'").map((s) => ({ text: s, sexpr: JSON.stringify(s.slice(1, -1)), level: 9 })),
  fc.constantFrom(['10s', '10000ms'], ['5m', '300000ms']).map(([t, s]) => ({ text: t, sexpr: s, level: 9 })),
);

const { expr } = fc.letrec<{ expr: Gen }>((tie) => {
  const sub = tie('expr') as fc.Arbitrary<Gen>;
  const ops: [string[], number][] = [
    [['or'], OR],
    [['and'], AND],
    [['<', '<=', '>', '>=', '==', '!=', 'in', 'contains', 'startswith', 'endswith', 'matches'], CMP],
    [['+', '-'], ADD],
    [['*', '/', '%'], MUL],
  ];
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      ...ops.map(([names, level]) =>
        fc.tuple(fc.constantFrom(...names), sub, sub).map(([op, l, r]) => binary(op, level, l, r)),
      ),
      sub.map((a) => ({ text: `not ${wrap(a, NOT)}`, sexpr: `(not ${a.sexpr})`, level: NOT })),
      sub.map((a) => ({ text: `-${wrap(a, NEG)}`, sexpr: `(- ${a.sexpr})`, level: NEG })),
      fc.tuple(sub, fc.constantFrom('x', 'key', 'start', 'where')).map(([o, p]) => ({
        text: `${object(o)}.${p}`, sexpr: `(. ${o.sexpr} ${p})`, level: POSTFIX,
      })),
      fc.tuple(sub, sub).map(([o, i]) => ({
        text: `${object(o)}[${i.text}]`, sexpr: `([] ${o.sexpr} ${i.sexpr})`, level: POSTFIX,
      })),
      fc.tuple(fc.constantFrom('f', 'max', 'sum'), fc.array(sub, { maxLength: 3 })).map(([f, args]) => ({
        text: `${f}(${args.map((a) => a.text).join(', ')})`,
        sexpr: `(call ${[f, ...args.map((a) => a.sexpr)].join(' ')})`,
        level: POSTFIX,
      })),
      fc.array(sub, { maxLength: 3 }).map((items) => ({
        text: `[${items.map((a) => a.text).join(', ')}]`, sexpr: `[${items.map((a) => a.sexpr).join(' ')}]`, level: 9,
      })),
    ),
  };
});

function parseCount(text: string): number {
  const bag = new DiagnosticBag('gen');
  const outcome = runParser(significantTokens(scan(text), bag));
  return outcome.ok ? outcome.results.length : 0;
}

test('expressions parse once, to the generated structure', () => {
  fc.assert(
    fc.property(expr, expr, (a, b) => {
      const text = `rule r { filter ${a.text} pattern s t where s: ${a.text} t: ${b.text} emit { e: ${b.text}, } }`;
      expect(parseCount(text)).toBe(1);
      const r = rule(text);
      expect(show(r.filter!.expr)).toBe(a.sexpr);
      expect(r.where!.entries.map((e) => show(e.expr))).toEqual([a.sexpr, b.sexpr]);
      expect(show(r.emit!.fields[0].expr)).toBe(b.sexpr);
    }),
    { numRuns: 400 },
  );
});

/** A generated pattern element and the way showPattern prints it. */
interface GenPattern {
  text: string;
}

const quantifier = fc.constantFrom('', '?', '+', '*', '{2}', '{2,}', '{1,3}', '{2}?', '{2,}?', '{0,3}');
const modifiers = fc.subarray(['consecutive', 'combinations', 'greedy', 'until(x > 1)']);
const link = fc.constantFrom(' ', ' -> ', ' ->> ');

const { pattern } = fc.letrec<{ pattern: GenPattern; element: GenPattern }>((tie) => ({
  element: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', 'time'), quantifier, modifiers).map(
      ([neg, name, q, mods]) => ({ text: `${neg ? '!' : ''}${name}${q}${mods.map((m) => ` ${m}`).join('')}` }),
    ),
    fc.tuple(tie('pattern') as fc.Arbitrary<GenPattern>, quantifier, modifiers).map(([p, q, mods]) => ({
      text: `(${p.text})${q}${mods.map((m) => ` ${m}`).join('')}`,
    })),
  ),
  pattern: fc
    .tuple(tie('element') as fc.Arbitrary<GenPattern>, fc.array(fc.tuple(link, tie('element') as fc.Arbitrary<GenPattern>), { maxLength: 4 }))
    .map(([first, rest]) => ({ text: first.text + rest.map(([l, e]) => l + e.text).join('') })),
}));

test('patterns parse once and print back as written', () => {
  fc.assert(
    fc.property(pattern, (p) => {
      const text = `rule r { pattern ${p.text} within 1m }`;
      expect(parseCount(text)).toBe(1);
      const printed = showPattern(rule(text).pattern!);
      expect(printed).toBe(p.text.replace(/until\(x > 1\)/g, 'until((> x 1))'));
    }),
    { numRuns: 400 },
  );
});

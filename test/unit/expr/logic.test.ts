// SQL three-valued logic: true, false and unknown (null, and any non-boolean value).

import { evalText } from './harness';

const V: Record<string, unknown> = { T: true, F: false, N: null, X: 5 };
const NAMES = ['T', 'F', 'N', 'X'];
// expected results with X (a non-boolean) read as unknown
const AND: Record<string, unknown> = { TT: true, TF: false, TN: null, FF: false, FN: false, NN: null };
const OR: Record<string, unknown> = { TT: true, TF: true, TN: true, FF: false, FN: null, NN: null };

function lookup(table: Record<string, unknown>, a: string, b: string): unknown {
  const norm = (x: string): string => (x === 'X' ? 'N' : x);
  const [x, y] = [norm(a), norm(b)];
  return x + y in table ? table[x + y] : table[y + x];
}

const pairs = NAMES.flatMap((a) => NAMES.map((b) => [a, b] as const));

describe('three-valued logic', () => {
  test.each(pairs)('%s and %s', (a, b) => {
    expect(evalText(`${a} and ${b}`, V)).toBe(lookup(AND, a, b));
  });

  test.each(pairs)('%s or %s', (a, b) => {
    expect(evalText(`${a} or ${b}`, V)).toBe(lookup(OR, a, b));
  });

  test.each([
    ['T', false],
    ['F', true],
    ['N', null],
    ['X', null],
  ])('not %s', (a, expected) => {
    expect(evalText(`not ${a}`, V)).toBe(expected);
  });

  test('not binds looser than comparisons', () => {
    expect(evalText('not type == "x"', { type: 'y' })).toBe(true);
  });

  test('and binds tighter than or', () => {
    expect(evalText('T or F and F', V)).toBe(true);
    expect(evalText('(T or F) and F', V)).toBe(false);
  });

  test('the right side is not evaluated when the left decides', () => {
    // the right side would need steps; with none supplied it must not be asked for
    let asked = 0;
    const steps = { events: () => { asked++; return []; } };
    const env = { context: 'emit' as const, steps: ['s'] };
    expect(evalText('F and count(s) == 0', V, env, { steps })).toBe(false);
    expect(evalText('T or count(s) == 0', V, env, { steps })).toBe(true);
    expect(asked).toBe(0);
    expect(evalText('T and count(s) == 0', V, env, { steps })).toBe(true);
    expect(asked).toBe(1);
  });
});

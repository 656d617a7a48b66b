// Interned Dewey versions must behave exactly as plain digit arrays: the shared buffer's edge
// walks depend on increase, addStage and compatibility, whichever versions come out of the cache
// (short, small digits) and whichever are built uncached (long loops, large digits).
import fc from 'fast-check';
import { Dewey, INITIAL_VERSION, addStage, deweyEquals, increase, isCompatibleWith } from '../../../src/engine/nfa/dewey';

function compatible(v: readonly number[], other: readonly number[]): boolean {
  if (v.length > other.length) return other.every((d, i) => v[i] === d);
  if (v.length === other.length) return v.slice(0, -1).every((d, i) => other[i] === d) && v[v.length - 1] >= other[other.length - 1];
  return false;
}

/** ops: 0 = addStage, n > 0 = increase by n (large steps leave the cache) */
const ops = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 60, max: 200 })), { maxLength: 24 });

function build(seq: readonly number[]): [Dewey, number[]] {
  let v = INITIAL_VERSION;
  let plain = [1];
  for (const op of seq) {
    if (op === 0) {
      v = addStage(v);
      plain = [...plain, 0];
    } else {
      v = increase(v, op);
      plain = [...plain.slice(0, -1), plain[plain.length - 1] + op];
    }
  }
  return [v, plain];
}

test('interned and uncached versions have the digits of plain arrays and compare as they do', () => {
  fc.assert(
    fc.property(ops, ops, (a, b) => {
      const [va, pa] = build(a);
      const [vb, pb] = build(b);
      expect(va.digits).toEqual(pa);
      expect(vb.digits).toEqual(pb);
      expect(isCompatibleWith(va, vb)).toBe(compatible(pa, pb));
      expect(isCompatibleWith(vb, va)).toBe(compatible(pb, pa));
      expect(deweyEquals(va, vb)).toBe(pa.join('.') === pb.join('.'));
    }),
    { numRuns: 2000 },
  );
});

test('a short version is one shared object, however it is reached', () => {
  const viaOps = addStage(increase(addStage(INITIAL_VERSION), 2));
  expect(Dewey.of([1, 2, 0])).toBe(viaOps);
  expect(increase(viaOps, 0)).toBe(viaOps);
  expect(viaOps.toString()).toBe('1.2.0');
});

test('versions past the cache are built uncached, with the right digits', () => {
  const big = increase(INITIAL_VERSION, 500);
  expect(big.digits).toEqual([501]);
  const again = increase(INITIAL_VERSION, 500);
  expect(again).not.toBe(big);
  // equal digits in two objects: compatible both ways, as one interned object is with itself
  expect(isCompatibleWith(again, big)).toBe(true);
  expect(isCompatibleWith(big, again)).toBe(true);
  expect(isCompatibleWith(increase(big, 1), again)).toBe(true);
  expect(isCompatibleWith(again, increase(big, 1))).toBe(false);
  let long = INITIAL_VERSION;
  for (let i = 0; i < 40; i++) long = addStage(long);
  expect(long.length).toBe(41);
  expect(addStage(long).digits).toHaveLength(42);
  expect(isCompatibleWith(addStage(long), long)).toBe(true);
});

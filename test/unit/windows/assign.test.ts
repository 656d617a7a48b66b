import { gcd, windowStart, windowStartsFor } from '../../../src/engine/windows/assign';

describe('windowStart (Flink TimeWindow.getWindowStartWithOffset, offset 0)', () => {
  test.each([
    [0, 10, 0],
    [9, 10, 0],
    [10, 10, 10],
    [-1, 10, -10],
    [-10, 10, -10],
    [-11, 10, -20],
    [1700000000123, 60000, 1699999980000],
  ])('t=%d size=%d → %d', (t, size, start) => {
    expect(windowStart(t, size)).toBe(start);
  });
});

describe('windowStartsFor (Flink sliding/tumbling assignment, latest first)', () => {
  const starts = (t: number, size: number, slide: number) => {
    const into: number[] = [];
    return into.slice(0, windowStartsFor(t, size, slide, into));
  };
  test('tumbling: one window', () => {
    expect(starts(15, 10, 10)).toEqual([10]);
    expect(starts(-5, 10, 10)).toEqual([-10]);
  });
  test('sliding: every window holding t, down to start > t - size', () => {
    expect(starts(5, 30, 10)).toEqual([0, -10, -20]);
    expect(starts(10, 30, 10)).toEqual([10, 0, -10]);
    expect(starts(-1, 20, 10)).toEqual([-10, -20]);
  });
  test('slide not dividing size', () => {
    expect(starts(25, 25, 10)).toEqual([20, 10]);
    expect(starts(29, 25, 10)).toEqual([20, 10]);
    expect(starts(30, 25, 10)).toEqual([30, 20, 10]);
  });
  test('slide longer than size: an event in a gap has no window', () => {
    expect(starts(3, 5, 10)).toEqual([0]);
    expect(starts(7, 5, 10)).toEqual([]);
  });
  test('a reused scratch array: the count says how many of its slots hold this call\'s starts', () => {
    const into = [99, 98, 97, 96];
    expect(windowStartsFor(15, 20, 10, into)).toBe(2);
    expect(into.slice(0, 2)).toEqual([10, 0]);
    expect(windowStartsFor(7, 5, 10, into)).toBe(0);
  });
  test('gcd gives the pane width', () => {
    expect(gcd(25, 10)).toBe(5);
    expect(gcd(10, 10)).toBe(10);
    expect(gcd(5, 10)).toBe(5);
  });
});

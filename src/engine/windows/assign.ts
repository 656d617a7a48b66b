// Which windows an event time falls in, exactly as Flink's assigners compute them. Windows are
// aligned to the epoch (offset 0) and hold [start, end); a window's last instant is end - 1.

/**
 * The start of the window of length `size` holding `t`: Flink's
 * TimeWindow.getWindowStartWithOffset with offset 0. JavaScript's `%`, like Java's, keeps the
 * dividend's sign, so negative times need the same correction Flink makes (-1 → -size, not 0).
 */
export function windowStart(t: number, size: number): number {
  const remainder = t % size;
  return remainder < 0 ? t - (remainder + size) : t - remainder;
}

/**
 * Starts of every window [start, start + size) that holds `t`, latest first, into the first slots
 * of `into`; returns how many (the order in which
 * Flink's SlidingEventTimeWindows lists them, and so the order late re-firings come out in).
 * Starts are multiples of `slide`; with slide > size an event in a gap gets no window at all.
 * Tumbling windows are the case slide = size.
 */
export function windowStartsFor(t: number, size: number, slide: number, into: number[]): number {
  // written by index, with the count returned: `into` is a scratch array that keeps its
  // capacity (cut with `length = 0` it would lose its backing store on every event)
  let n = 0;
  for (let start = windowStart(t, slide); start > t - size; start -= slide) into[n++] = start;
  return n;
}

/** The largest common divisor of two window lengths: the width of the panes of a sliding window. */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

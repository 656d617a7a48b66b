// Binary-heap operations on a plain array that behave exactly like java.util.PriorityQueue: same
// sift rules, iteration in array order, bulk removal that keeps survivors in place and then
// re-heapifies. Flink keeps partial matches in such a queue and walks it in array order; the
// order in which branches take an event decides the order of edges in the shared buffer, so we
// reproduce it. Plain arrays keep one key's run state small.

export type Cmp<T> = (a: T, b: T) => number;

export function heapOffer<T>(es: T[], x: T, cmp: Cmp<T>): void {
  heapOfferAt(es, es.length, x, cmp);
}

/**
 * heapOffer on the first `size` slots of a scratch array that keeps its capacity between uses
 * (its fill count lives with the caller, who adds one).
 */
export function heapOfferAt<T>(es: T[], size: number, x: T, cmp: Cmp<T>): void {
  let k = size;
  while (k > 0) {
    const parent = (k - 1) >>> 1;
    const e = es[parent];
    if (cmp(x, e) >= 0) break;
    es[k] = e;
    k = parent;
  }
  es[k] = x;
}

export function heapPoll<T>(es: T[], cmp: Cmp<T>): T | undefined {
  if (es.length === 0) return undefined;
  const result = es[0];
  const x = es.pop() as T;
  if (es.length > 0) siftDown(es, 0, x, cmp);
  return result;
}

/** Java's removeIf/removeAll on a PriorityQueue: compact in order, then heapify. */
export function heapRemoveIf<T>(es: T[], pred: (x: T) => boolean, cmp: Cmp<T>): boolean {
  let w = 0;
  for (let i = 0; i < es.length; i++) {
    if (!pred(es[i])) es[w++] = es[i];
  }
  if (w === es.length) return false;
  es.length = w;
  for (let i = (w >>> 1) - 1; i >= 0; i--) siftDown(es, i, es[i], cmp);
  return true;
}

function siftDown<T>(es: T[], start: number, x: T, cmp: Cmp<T>): void {
  const n = es.length;
  const half = n >>> 1;
  let k = start;
  while (k < half) {
    let child = (k << 1) + 1;
    let c = es[child];
    const right = child + 1;
    if (right < n && cmp(c, es[right]) > 0) c = es[(child = right)];
    if (cmp(x, c) <= 0) break;
    es[k] = c;
    k = child;
  }
  es[k] = x;
}

// A binary heap that behaves exactly like java.util.PriorityQueue: same sift rules, iteration in
// array order, bulk removal that keeps survivors in place and then re-heapifies. Flink keeps
// partial matches in such a queue and walks it in array order; the order in which branches take
// an event decides the order of edges in the shared buffer, so we reproduce it.

export class JavaPriorityQueue<T> {
  private items: T[] = [];

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** array order, as Java's iterator */
  get array(): readonly T[] {
    return this.items;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  offer(x: T): void {
    const es = this.items;
    let k = es.length;
    es.push(x);
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      const e = es[parent];
      if (this.cmp(x, e) >= 0) break;
      es[k] = e;
      k = parent;
    }
    es[k] = x;
  }

  addAll(xs: Iterable<T>): void {
    for (const x of xs) this.offer(x);
  }

  poll(): T | undefined {
    const es = this.items;
    if (es.length === 0) return undefined;
    const result = es[0];
    const x = es.pop() as T;
    if (es.length > 0) this.siftDown(0, x);
    return result;
  }

  /** Java's removeIf/removeAll on a PriorityQueue: compact in order, then heapify. */
  removeIf(pred: (x: T) => boolean): boolean {
    const es = this.items;
    let w = 0;
    for (let i = 0; i < es.length; i++) {
      if (!pred(es[i])) es[w++] = es[i];
    }
    if (w === es.length) return false;
    es.length = w;
    this.heapify();
    return true;
  }

  clear(): void {
    this.items = [];
  }

  private heapify(): void {
    const es = this.items;
    for (let i = (es.length >>> 1) - 1; i >= 0; i--) this.siftDown(i, es[i]);
  }

  private siftDown(start: number, x: T): void {
    const es = this.items;
    const n = es.length;
    const half = n >>> 1;
    let k = start;
    while (k < half) {
      let child = (k << 1) + 1;
      let c = es[child];
      const right = child + 1;
      if (right < n && this.cmp(c, es[right]) > 0) c = es[(child = right)];
      if (this.cmp(x, c) <= 0) break;
      es[k] = c;
      k = child;
    }
    es[k] = x;
  }
}

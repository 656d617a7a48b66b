// Events waiting for the watermark: a binary min-heap by event time, ties by arrival.

export interface Queued {
  readonly time: number;
  /** arrival number across the source: keeps arrival order among equal times */
  readonly arrival: number;
}

export class EventQueue<T extends Queued> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0].time : Infinity;
  }

  push(x: T): void {
    const h = this.heap;
    let k = h.length;
    h.push(x);
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!before(x, h[p])) break;
      h[k] = h[p];
      k = p;
    }
    h[k] = x;
  }

  pop(): T | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as T;
    if (h.length > 0) {
      let k = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[k] = h[c];
        k = c;
      }
      h[k] = last;
    }
    return top;
  }

  /** Removes the matching entries (rare: a partition handed away); keeps heap order. */
  removeWhere(pred: (x: T) => boolean): void {
    const kept = this.heap.filter((x) => !pred(x));
    this.heap.length = 0;
    for (const x of kept) this.push(x);
  }

  /** everything still queued, in no particular order (for snapshots) */
  items(): readonly T[] {
    return this.heap;
  }
}

function before(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.arrival < b.arrival);
}

// Keys ordered by the next time at which the watermark can change something for them, so that a
// watermark advance touches only those keys instead of every key.

export interface Scheduled {
  /** the deadline this entry is queued for; Infinity when not queued */
  scheduled: number;
}

export class DeadlineHeap<T extends Scheduled> {
  private readonly times: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Queues `x` for `time` unless it is already queued for that time or earlier. */
  schedule(x: T, time: number): void {
    if (!(time < x.scheduled)) return;
    x.scheduled = time;
    const ts = this.times;
    const is = this.items;
    let k = is.length;
    ts.push(time);
    is.push(x);
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (ts[p] <= time) break;
      ts[k] = ts[p];
      is[k] = is[p];
      k = p;
    }
    ts[k] = time;
    is[k] = x;
  }

  /**
   * Removes every entry due at or before `time` (stale duplicates skipped) into the first slots
   * of `into`, and returns how many. `into` is the caller's scratch: it keeps its capacity (cut
   * with `length = 0`, an array loses its backing store and the next push allocates a new one).
   */
  takeDue(time: number, into: (T | null)[]): number {
    let n = 0;
    while (this.items.length > 0 && this.times[0] <= time) {
      const t = this.times[0];
      const x = this.popTop();
      if (x.scheduled === t) {
        x.scheduled = Infinity;
        into[n++] = x;
      }
    }
    return n;
  }

  private popTop(): T {
    const ts = this.times;
    const is = this.items;
    const top = is[0];
    const lastT = ts.pop() as number;
    const lastI = is.pop() as T;
    const n = is.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && ts[r] < ts[l] ? r : l;
        if (ts[c] >= lastT) break;
        ts[k] = ts[c];
        is[k] = is[c];
        k = c;
      }
      ts[k] = lastT;
      is[k] = lastI;
    }
    return top;
  }
}

// A source's watermark (LANGUAGE.md 7): per partition, max event time seen − delay − 1 ms; the
// source's is the minimum over its partitions. It never goes back. An idle partition (no event
// for `idle` of processing time) stops holding it back; the caller tells us what "now" is.

interface PartitionTime {
  max: number;
  lastSeen: number;
}

export class Watermark {
  private readonly partitions = new Map<string, PartitionTime>();
  /** the same entries as a list: recompute runs per event, and a Map iterator is an allocation */
  private list: PartitionTime[] = [];
  private current = -Infinity;

  constructor(
    private delayMs: number,
    private idleMs: number | null = null,
  ) {}

  /** New settings (a reloaded source block); the watermark itself never goes back. */
  configure(delayMs: number, idleMs: number | null): void {
    this.delayMs = delayMs;
    this.idleMs = idleMs;
  }

  get value(): number {
    return this.current;
  }

  /** Records an event's time; returns the (possibly advanced) watermark. */
  observe(time: number, partition = '', now = 0): number {
    let p = this.partitions.get(partition);
    if (p === undefined) {
      p = { max: -Infinity, lastSeen: now };
      this.add(partition, p);
    }
    if (time > p.max) p.max = time;
    p.lastSeen = now;
    return this.recompute(now);
  }

  /** A control watermark (`{"_watermark": ms}`, or a Kafka partition's): only ever forward. */
  raiseTo(ms: number): number {
    if (ms > this.current) this.current = ms;
    return this.current;
  }

  /** Re-evaluates idleness at processing time `now` (called on a timer by the operator). */
  tick(now: number): number {
    return this.recompute(now);
  }

  private recompute(now: number): number {
    let min = Infinity;
    let active = 0;
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (Number.isNaN(p.lastSeen)) p.lastSeen = now;
      if (this.idleMs !== null && now - p.lastSeen >= this.idleMs) continue;
      active++;
      if (p.max < min) min = p.max;
    }
    if (active === 0) {
      // every partition idle: follow the wall clock so absences and windows still fire
      if (this.idleMs !== null && this.partitions.size > 0) min = now - this.idleMs;
      else return this.current;
    }
    const candidate = min - this.delayMs - 1;
    if (candidate > this.current) this.current = candidate;
    return this.current;
  }

  partitionMax(partition: string): number {
    return this.partitions.get(partition)?.max ?? -Infinity;
  }

  /** A partition taken over from another instance: its max so far (never lowers ours). */
  seed(partition: string, max: number): void {
    const p = this.partitions.get(partition);
    if (p === undefined) this.add(partition, { max, lastSeen: NaN });
    else if (max > p.max) p.max = max;
  }

  /** A partition handed to another instance no longer holds the watermark back. */
  forget(partition: string): void {
    const p = this.partitions.get(partition);
    if (p === undefined) return;
    this.partitions.delete(partition);
    this.list = this.list.filter((x) => x !== p);
  }

  private add(partition: string, p: PartitionTime): void {
    const old = this.partitions.get(partition);
    if (old !== undefined) this.list = this.list.filter((x) => x !== old);
    this.partitions.set(partition, p);
    this.list.push(p);
  }

  /** Every partition seen and the current value, for snapshots. */
  snapshot(): { current: number; partitions: [string, number][] } {
    return { current: this.current, partitions: [...this.partitions].map(([k, v]) => [k, v.max]) };
  }

  restore(s: { current: number; partitions: [string, number][] }): void {
    this.current = s.current;
    // last seen "never" (NaN) counts as seen at the first look, so restored partitions are not idle at once
    for (const [k, max] of s.partitions) this.add(k, { max, lastSeen: NaN });
  }
}

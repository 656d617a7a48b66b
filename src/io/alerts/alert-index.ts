// Alerts in memory, in the order they were stored (each gets the next number `n`), with an index
// by id. Upserts follow AlertStore's rule: same id and a revision not above the stored one is a
// duplicate; a higher revision replaces the old entry and becomes the newest. Pages go newest
// first and resume below a cursor's `n`, so they stay stable while alerts keep arriving.

import type { Alert } from '../../engine/alert';
import type { AlertFilter } from '../ports';
import { matchesFilter } from './alert-filter';

export interface Entry {
  readonly n: number;
  readonly alert: Alert;
  live: boolean;
}

export type UpsertResult = 'new' | 'revised' | 'duplicate';

export class AlertIndex {
  private entries: Entry[] = [];
  /** entries before this index are all dead */
  private head = 0;
  private readonly byId = new Map<string, Entry>();
  private nextN = 1;

  get size(): number {
    return this.byId.size;
  }

  get lastN(): number {
    return this.nextN - 1;
  }

  /** Stores an alert as the newest, or says why not; `n` is given when loading from disk. */
  upsert(alert: Alert, n?: number): { result: UpsertResult; entry: Entry | null } {
    const old = this.byId.get(alert.id);
    if (old !== undefined && (alert.revision ?? 0) <= (old.alert.revision ?? 0)) return { result: 'duplicate', entry: null };
    if (old !== undefined) old.live = false;
    const entry: Entry = { n: n ?? this.nextN, alert, live: true };
    this.nextN = Math.max(this.nextN, entry.n + 1);
    this.entries.push(entry);
    this.byId.set(alert.id, entry);
    if (old !== undefined) this.compactIfSparse();
    return { result: old === undefined ? 'new' : 'revised', entry };
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** Drops the oldest alerts beyond `max`; returns how many went. */
  evictTo(max: number): number {
    let evicted = 0;
    while (this.byId.size > max && this.head < this.entries.length) {
      const e = this.entries[this.head++];
      if (!e.live) continue;
      e.live = false;
      this.byId.delete(e.alert.id);
      evicted++;
    }
    this.compactIfSparse();
    return evicted;
  }

  /** Up to `limit` matching alerts with n below `below`, newest first, and whether more exist. */
  page(f: AlertFilter, limit: number, below = Infinity): { entries: Entry[]; more: boolean } {
    const out: Entry[] = [];
    for (let i = this.upperIndex(below) - 1; i >= this.head; i--) {
      const e = this.entries[i];
      if (!e.live || !matchesFilter(e.alert, f)) continue;
      if (out.length === limit) return { entries: out, more: true };
      out.push(e);
    }
    return { entries: out, more: false };
  }

  /** Live entries with n above `after`, oldest first (SSE resume). */
  after(n: number): Entry[] {
    const out: Entry[] = [];
    for (let i = this.upperIndex(n + 1); i < this.entries.length; i++) if (this.entries[i].live) out.push(this.entries[i]);
    return out;
  }

  /** Every live entry, oldest first (compaction of the file). */
  live(): Entry[] {
    return this.entries.slice(this.head).filter((e) => e.live);
  }

  /** Index of the first entry with n >= bound (entries are sorted by n). */
  private upperIndex(bound: number): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].n < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets dead entries once they are most of the array, keeping memory in line with size. */
  private compactIfSparse(): void {
    if (this.entries.length < 1024 || this.entries.length < 2 * this.byId.size) return;
    this.entries = this.entries.slice(this.head).filter((e) => e.live);
    this.head = 0;
  }
}

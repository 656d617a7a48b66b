// The per-key entries of one rule's runtime, with the bookkeeping every rule kind needs for
// snapshots and stores: which keys changed since the last look (with their source partition),
// and forgetting keys whose partition went to another instance.

/** What the runtimes count, per rule (GET /rules, metrics). */
export interface RuleCounters {
  /** events the rule took (past its filter, with a key) */
  events: number;
  /** alerts emitted: matches, or window firings that passed `having` */
  matches: number;
  timeouts: number;
  /** late events the rule could not use (dead-lettered as `late`) */
  late: number;
  /** events without a usable key, and partial matches dropped by `max partial` */
  dropped: number;
}

export function newCounters(): RuleCounters {
  return { events: 0, matches: 0, timeouts: 0, late: 0, dropped: 0 };
}

export interface KeyedEntry {
  readonly text: string;
  /** the source partition the key's events come from */
  readonly partition: string;
  /**
   * false only while the entry is its key's live entry here: true until it is stored, and again
   * once it is forgotten, dropped or replaced
   */
  gone: boolean;
}

export class KeyedEntries<E extends KeyedEntry> {
  private readonly entries = new Map<string, E>();
  private readonly dirty = new Map<string, string>();
  /**
   * Changes are tracked only once someone asks for them (a store's first takeDirty, or state
   * loaded from a store): a replay that never snapshots pays nothing for it.
   */
  private tracking = false;

  get size(): number {
    return this.entries.size;
  }

  get(text: string): E | undefined {
    return this.entries.get(text);
  }

  set(entry: E): void {
    this.replace(entry);
  }

  /** A key loaded from a store: from now on the store must hear of every change. */
  loaded(entry: E): void {
    this.tracking = true;
    this.replace(entry);
  }

  private replace(entry: E): void {
    const old = this.entries.get(entry.text);
    if (old !== undefined && old !== entry) old.gone = true;
    entry.gone = false;
    this.entries.set(entry.text, entry);
  }

  values(): IterableIterator<E> {
    return this.entries.values();
  }

  keyTexts(): IterableIterator<string> {
    return this.entries.keys();
  }

  /**
   * True when `entry` is the live entry of its key (stored, and not forgotten, dropped or
   * replaced since). A flag, not a lookup: it is asked for every key a watermark makes due.
   */
  isCurrent(entry: E): boolean {
    return !entry.gone;
  }

  changed(entry: E): void {
    if (this.tracking) this.dirty.set(entry.text, entry.partition);
  }

  /** Forgets the key when `entry` is its live entry; a store then deletes it. */
  forget(entry: E): void {
    if (entry.gone) return;
    entry.gone = true;
    this.entries.delete(entry.text);
    if (this.tracking) this.dirty.set(entry.text, entry.partition);
  }

  /** Keys changed since the previous call, with their partition; the first call gives every key. */
  takeDirty(): [string, string][] {
    if (!this.tracking) {
      this.tracking = true;
      return [...this.entries.values()].map((e): [string, string] => [e.text, e.partition]);
    }
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  partitionOf(text: string): string | undefined {
    return this.entries.get(text)?.partition;
  }

  /** Drops a key without marking it changed (its partition went to another instance). */
  drop(text: string): void {
    const e = this.entries.get(text);
    if (e !== undefined) e.gone = true;
    this.entries.delete(text);
    this.dirty.delete(text);
  }
}

/**
 * The key bookkeeping every rule runtime offers the engine (snapshots, stores, partition moves),
 * written once: a runtime extends this and keeps its entries in `keys`.
 */
export abstract class KeyedRuntime<E extends KeyedEntry> {
  protected readonly keys = new KeyedEntries<E>();

  get keyCount(): number {
    return this.keys.size;
  }

  /** Keys changed since the previous call, with their partition; exportKey() gives their state now (null: gone). */
  takeDirty(): [string, string][] {
    return this.keys.takeDirty();
  }

  keyPartition(text: string): string | undefined {
    return this.keys.partitionOf(text);
  }

  /** Forgets a key (its partition went to another instance). */
  dropKey(text: string): void {
    this.keys.drop(text);
  }

  keyTexts(): IterableIterator<string> {
    return this.keys.keyTexts();
  }
}

// The embedded AlertStore: the alert index in memory, persisted as JSON lines
// `{"n": number, "a": alert}` in `<data>/alerts.jsonl`. New alerts are appended in batches; flush()
// fsyncs them (the snapshotter calls it before writing a snapshot, so every alert the snapshot's
// state has already produced is on disk; later ones are re-derived from the event log after a
// crash and deduplicated here by id). When evictions and revisions make most lines dead, the
// file is rewritten with the live alerts only.

import fsp from 'node:fs/promises';
import path from 'node:path';
import fs from 'node:fs';
import type { Alert } from '../../engine/alert';
import { CepheusError, ErrorCodes } from '../../errors';
import { forEachLine } from '../files/line-reader';
import { writeFileAtomic } from '../files/atomic-write';
import type { AlertFilter, AlertPage, AlertQuery, AlertStore, Unsubscribe } from '../ports';
import { decodeCursor, encodeCursor } from './alert-cursor';
import { matchesFilter } from './alert-filter';
import { AlertIndex, type Entry } from './alert-index';

interface Subscriber {
  filter: AlertFilter;
  listener: (a: Alert) => void;
}

export interface FileAlertStoreOptions {
  retention: number;
  flushMs?: number;
  onError?: (e: Error) => void;
}

export class FileAlertStore implements AlertStore {
  readonly file: string;
  private readonly index = new AlertIndex();
  private readonly subscribers = new Set<Subscriber>();
  private buffered: string[] = [];
  private fileLines = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    dir: string,
    private readonly options: FileAlertStoreOptions,
  ) {
    this.file = path.join(dir, 'alerts.jsonl');
  }

  static async open(dir: string, options: FileAlertStoreOptions): Promise<FileAlertStore> {
    await fsp.mkdir(dir, { recursive: true });
    const store = new FileAlertStore(dir, options);
    await store.load();
    store.timer = setInterval(() => void store.writeOut(false), options.flushMs ?? 200);
    store.timer.unref();
    return store;
  }

  get size(): number {
    return this.index.size;
  }

  put(alert: Alert): void {
    const { entry } = this.index.upsert(alert);
    if (entry === null) return;
    this.buffered.push(line(entry));
    this.index.evictTo(this.options.retention);
    for (const s of this.subscribers) if (matchesFilter(alert, s.filter)) this.notify(s, alert);
  }

  async query(q: AlertQuery): Promise<AlertPage> {
    const below = q.cursor === undefined ? Infinity : decodeCursor(q.cursor);
    if (below === null) throw new CepheusError(ErrorCodes.BAD_REQUEST, 'cursor: not a cursor from a previous page');
    const { entries, more } = this.index.page(q, q.limit, below);
    return { alerts: entries.map((e) => e.alert), next: more ? encodeCursor(entries[entries.length - 1].n) : null };
  }

  async get(id: string): Promise<Alert | null> {
    return this.index.get(id)?.alert ?? null;
  }

  subscribe(filter: AlertFilter, listener: (a: Alert) => void, afterId?: string): Unsubscribe {
    const sub: Subscriber = { filter, listener };
    const from = afterId === undefined ? undefined : this.index.get(afterId);
    if (from !== undefined) for (const e of this.index.after(from.n)) if (matchesFilter(e.alert, filter)) this.notify(sub, e.alert);
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  flush(): Promise<void> {
    return this.writeOut(true);
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.subscribers.clear();
    await this.flush();
  }

  private notify(s: Subscriber, a: Alert): void {
    try {
      s.listener(a);
    } catch (e) {
      this.options.onError?.(e as Error);
    }
  }

  /** Appends what is buffered (fsynced when asked), or rewrites the file when mostly dead. */
  private writeOut(sync: boolean): Promise<void> {
    const task = async () => {
      if (this.fileLines + this.buffered.length > 2 * this.index.size + 1000) return this.compact();
      if (this.buffered.length === 0 && !sync) return;
      const text = this.buffered.join('');
      this.fileLines += this.buffered.length;
      this.buffered = [];
      const fh = await fsp.open(this.file, 'a');
      try {
        if (text.length > 0) await fh.write(text);
        if (sync) await fh.datasync();
      } finally {
        await fh.close();
      }
    };
    this.chain = this.chain.then(task).catch((e: Error) => this.options.onError?.(e));
    return this.chain;
  }

  private async compact(): Promise<void> {
    const live = this.index.live();
    this.buffered = [];
    this.fileLines = live.length;
    await writeFileAtomic(this.file, live.map(line).join(''));
  }

  private async load(): Promise<void> {
    if (!fs.existsSync(this.file)) return;
    let torn = false;
    await forEachLine(fs.createReadStream(this.file, { highWaterMark: 1 << 20 }), (text) => {
      if (text.length === 0) return;
      this.fileLines++;
      try {
        const v = JSON.parse(text) as { n: number; a: Alert };
        this.index.upsert(v.a, v.n);
      } catch {
        torn = true; // a line cut short by a crash: its alert comes back from the event log
      }
    });
    this.index.evictTo(this.options.retention);
    if (torn) await this.compact();
  }
}

function line(e: Entry): string {
  return `${JSON.stringify({ n: e.n, a: e.alert })}\n`;
}

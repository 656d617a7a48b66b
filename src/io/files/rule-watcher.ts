// Noticing edits in the rules directory: fs.watch for speed, debounced because an editor's save
// is several events, plus a periodic rescan of names, sizes and mtimes because fs.watch misses
// changes on some file systems (network mounts, some container volumes).

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isRuleFileName } from './rule-file-name';

export interface RuleWatcherOptions {
  debounceMs?: number;
  rescanMs?: number;
  onError?: (e: Error) => void;
}

export class RuleWatcher {
  private watcher: fs.FSWatcher | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private signature: string | null = null;

  constructor(
    private readonly dir: string,
    private readonly onChange: () => void,
    private readonly options: RuleWatcherOptions = {},
  ) {}

  start(): void {
    void this.rescan(false);
    try {
      this.watcher = fs.watch(this.dir, { persistent: false }, () => this.changed());
      this.watcher.on('error', (e) => this.options.onError?.(e));
    } catch (e) {
      // the rescan still notices changes, only more slowly
      this.options.onError?.(e as Error);
    }
    this.rescanTimer = setInterval(() => void this.rescan(true), this.options.rescanMs ?? 1000);
    this.rescanTimer.unref();
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.rescanTimer !== null) clearInterval(this.rescanTimer);
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    this.rescanTimer = this.debounceTimer = null;
  }

  private changed(): void {
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      if (this.rescanTimer !== null) this.onChange();
    }, this.options.debounceMs ?? 50);
    this.debounceTimer.unref();
  }

  private async rescan(report: boolean): Promise<void> {
    let sig: string;
    try {
      sig = await dirSignature(this.dir);
    } catch {
      return; // an unreadable directory changes nothing; the reload reports it
    }
    if (report && this.signature !== null && sig !== this.signature) this.changed();
    this.signature = sig;
  }
}

async function dirSignature(dir: string): Promise<string> {
  const names = (await fsp.readdir(dir)).filter(isRuleFileName).sort();
  const parts = await Promise.all(
    names.map(async (n) => {
      const st = await fsp.stat(path.join(dir, n)).catch(() => null);
      return st === null ? `${n}:gone` : `${n}:${st.size}:${st.mtimeMs}:${st.ino}`;
    }),
  );
  return parts.join('|');
}

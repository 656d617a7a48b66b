// The embedded DeadLetterSink: dead letters (late, no-time, no-key events) as JSON lines in
// `<data>/dead-letters.jsonl`, written in batches off the hot path. The file is rotated to
// `dead-letters.1.jsonl` past a size so a stream of bad events cannot fill the disk. After a crash
// the replayed part of the log may write some dead letters twice; they are diagnostics, not data.

import fsp from 'node:fs/promises';
import path from 'node:path';
import type { DeadLetter } from '../../engine/output';
import type { DeadLetterSink } from '../ports';

export class DeadLetterFile implements DeadLetterSink {
  readonly file: string;
  private lines: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout;

  private readonly maxBytes: number;

  constructor(
    dir: string,
    private readonly onError: (e: Error) => void,
    options: { maxBytes?: number; flushMs?: number } = {},
  ) {
    this.file = path.join(dir, 'dead-letters.jsonl');
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 500);
    this.timer.unref();
  }

  write(d: DeadLetter): void {
    this.lines.push(JSON.stringify({ at: new Date().toISOString(), ...d }));
  }

  flush(): Promise<void> {
    if (this.lines.length === 0) return this.writing;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.writing = this.writing.then(() => this.append(text)).catch((e: Error) => this.onError(e));
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async append(text: string): Promise<void> {
    const size = await fsp.stat(this.file).then((s) => s.size, () => 0);
    if (size + text.length > this.maxBytes) await fsp.rename(this.file, this.file.replace(/\.jsonl$/, '.1.jsonl')).catch(() => {});
    await fsp.appendFile(this.file, text);
  }
}

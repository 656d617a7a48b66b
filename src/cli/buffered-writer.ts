// Collects output lines and writes them in large chunks, honouring back-pressure only at flush.

import type { Writable } from 'node:stream';

export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: Writable) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  async close(): Promise<void> {
    this.flush();
    if (this.sink === process.stdout || this.sink === process.stderr) {
      await new Promise<void>((resolve) => this.sink.write('', () => resolve()));
      return;
    }
    await new Promise<void>((resolve, reject) => this.sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

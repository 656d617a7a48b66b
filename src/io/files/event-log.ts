// The embedded mode's write-ahead log of accepted events. Every event gets the next global
// sequence number (1-based; the engine's `pos`, so a replay after a crash gives the same alert
// ids). Appends are group-committed: while one write + fdatasync is under way, later appends
// gather, and the next single write + fdatasync covers all of them. After each group is durable
// `onDurable` sees its records in sequence order (the operator runs them through the engine),
// and only then do the appenders' promises resolve.

import fsp from 'node:fs/promises';
import { CepheusError, ErrorCodes } from '../../errors';
import { syncDir } from './atomic-write';
import { type LogRecord, type Segment, encodeRecord, listSegments, readSegment, segmentPath } from './log-segments';

export type { LogRecord } from './log-segments';

interface Pending {
  readonly record: LogRecord;
  readonly line: string;
  readonly resolve: (seq: number) => void;
  readonly reject: (e: Error) => void;
}

export interface EventLogOptions {
  /** start a new segment past this size, so truncation can delete the old one */
  segmentBytes?: number;
  /** called after each fsync with how long the write + sync took */
  onSync?: (seconds: number, records: number) => void;
  onTorn?: (file: string, lineNo: number) => void;
  /** onDurable threw (a bug: the operator catches its own errors) */
  onError?: (e: Error) => void;
}

export class EventLog {
  /** receives every durable group in sequence order, before the appenders hear of it */
  onDurable: (records: readonly LogRecord[]) => void = () => {};
  private segments: Segment[] = [];
  private fh: fsp.FileHandle | null = null;
  private segmentSize = 0;
  private rollRequested = false;
  private next = 1;
  private opened = false;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly options: EventLogOptions,
  ) {}

  static async open(dir: string, options: EventLogOptions = {}): Promise<EventLog> {
    await fsp.mkdir(dir, { recursive: true });
    const log = new EventLog(dir, options);
    log.segments = await listSegments(dir);
    return log;
  }

  /** the last sequence number handed out */
  get lastSeq(): number {
    return this.next - 1;
  }

  /** why appends fail, once a write or sync has failed (the log cannot tell what reached disk) */
  get broken(): Error | null {
    return this.failure;
  }

  /**
   * Feeds every record after `afterSeq` to onRecord, in order; afterwards appends continue from
   * the highest sequence number seen (or `afterSeq`). Must run once, before the first append.
   */
  async replay(afterSeq: number, onRecord: (r: LogRecord) => void): Promise<{ records: number; events: number }> {
    let last = afterSeq;
    const stats = { records: 0, events: 0 };
    for (const seg of this.segments) {
      await readSegment(seg, (r) => {
        const end = r.seq + r.values.length - 1;
        if (end > last) last = end;
        if (end <= afterSeq) return;
        const rec = r.seq > afterSeq ? r : { ...r, seq: afterSeq + 1, values: r.values.slice(afterSeq + 1 - r.seq) };
        stats.records++;
        stats.events += rec.values.length;
        onRecord(rec);
      }, (lineNo) => this.options.onTorn?.(seg.file, lineNo));
    }
    this.next = last + 1;
    // appends never go after a torn tail: they start a segment of their own
    this.rollRequested = true;
    this.opened = true;
    return stats;
  }

  /** Assigns sequence numbers at once; resolves with the first once the events are durable. */
  append(source: string, values: readonly object[]): Promise<number> {
    if (!this.opened) return Promise.reject(new Error('event log: append before replay'));
    if (this.closed) return Promise.reject(new CepheusError(ErrorCodes.NOT_READY, 'the event log is closed', true));
    if (this.failure !== null) return Promise.reject(this.failure);
    const record: LogRecord = { seq: this.next, source, values };
    this.next += values.length;
    return new Promise((resolve, reject) => {
      this.pending.push({ record, line: encodeRecord(record), resolve, reject });
      if (this.flushing === null) this.flushing = this.flushLoop();
    });
  }

  /** Resolves once everything appended so far is durable and handed to onDurable. */
  async drain(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  /**
   * Deletes the segments whose every record is at or below `seq` (a snapshot holds them now),
   * and has the next append start a fresh segment so the current one can go next time. When the
   * snapshot holds everything and no write is under way, the open segment goes too.
   */
  async truncateThrough(seq: number): Promise<number> {
    this.rollRequested = true;
    const doomed: Segment[] = [];
    if (this.flushing === null && this.lastSeq <= seq) {
      // synchronously: the next append finds no open segment and starts its own
      doomed.push(...this.segments);
      this.segments = [];
      const fh = this.fh;
      this.fh = null;
      await fh?.close();
    } else {
      while (this.segments.length > 1 && this.segments[1].firstSeq - 1 <= seq) doomed.push(this.segments.shift() as Segment);
    }
    for (const seg of doomed) await fsp.rm(seg.file, { force: true });
    if (doomed.length > 0) await syncDir(this.dir);
    return doomed.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    await this.fh?.close();
    this.fh = null;
  }

  private async flushLoop(): Promise<void> {
    // let the appends of this turn of the event loop join the first group
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      if (!(await this.writeGroup(group))) continue;
      try {
        this.onDurable(group.map((p) => p.record));
      } catch (e) {
        // the events are durable whatever the consumer made of them: acknowledge them anyway
        this.options.onError?.(e as Error);
      }
      for (const p of group) p.resolve(p.record.seq);
    }
    this.flushing = null;
  }

  /** One write and one fdatasync for the whole group; false (and the log broken) on failure. */
  private async writeGroup(group: Pending[]): Promise<boolean> {
    const started = process.hrtime.bigint();
    try {
      if (this.failure !== null) throw this.failure;
      const fh = await this.segmentFor(group[0].record.seq);
      const text = group.length === 1 ? group[0].line : group.map((p) => p.line).join('');
      const buf = Buffer.from(text, 'utf8');
      await fh.write(buf, 0, buf.length);
      await fh.datasync();
      this.segmentSize += buf.length;
    } catch (e) {
      this.failure ??= new CepheusError(ErrorCodes.DATA_WRITE_FAILED, `event log: ${(e as Error).message}`, true);
      for (const p of group) p.reject(this.failure);
      return false;
    }
    this.options.onSync?.(Number(process.hrtime.bigint() - started) / 1e9, group.length);
    return true;
  }

  /** The open segment, or a new one starting at `firstSeq` when a roll is due. */
  private async segmentFor(firstSeq: number): Promise<fsp.FileHandle> {
    const limit = this.options.segmentBytes ?? 64 * 1024 * 1024;
    if (this.fh !== null && !this.rollRequested && this.segmentSize < limit) return this.fh;
    if (this.fh !== null) await this.fh.close();
    this.fh = null;
    const file = segmentPath(this.dir, firstSeq);
    this.fh = await fsp.open(file, 'a');
    await syncDir(this.dir);
    this.segments.push({ firstSeq, file });
    this.segmentSize = 0;
    this.rollRequested = false;
    return this.fh;
  }
}

// The event log's files: `<dir>/<first sequence number, 20 digits>.log`, each a run of JSON lines
// `{"q": first seq, "s": source, "e": [values]}` (one line per appended batch). Naming segments by
// their first number makes truncation a matter of deleting whole files.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CepheusError, ErrorCodes } from '../../errors';
import { forEachLine } from './line-reader';

export interface LogRecord {
  /** sequence number of values[0]; values[i] is seq + i */
  readonly seq: number;
  readonly source: string;
  readonly values: readonly object[];
}

export interface Segment {
  readonly firstSeq: number;
  readonly file: string;
}

const SEGMENT = /^(\d{20})\.log$/;

export function segmentPath(dir: string, firstSeq: number): string {
  return path.join(dir, `${String(firstSeq).padStart(20, '0')}.log`);
}

export function encodeRecord(r: LogRecord): string {
  return `${JSON.stringify({ q: r.seq, s: r.source, e: r.values })}\n`;
}

export async function listSegments(dir: string): Promise<Segment[]> {
  const names = await fsp.readdir(dir);
  return names
    .map((n) => SEGMENT.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ firstSeq: Number(m[1]), file: path.join(dir, m[0]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Calls onRecord for each record of a segment. A last line that does not parse is a write torn by
 * a crash (never acknowledged, since acknowledgement waits for fsync) and is skipped; a bad line
 * anywhere else is corruption and stops the start, naming the place.
 */
export async function readSegment(seg: Segment, onRecord: (r: LogRecord) => void, onTorn: (lineNo: number) => void): Promise<void> {
  let bad: { lineNo: number; why: string } | null = null;
  await forEachLine(fs.createReadStream(seg.file, { highWaterMark: 1 << 20 }), (line, lineNo) => {
    if (bad !== null) throw corrupt(seg, bad.lineNo, bad.why);
    if (line.length === 0) return;
    const rec = decodeRecord(line);
    if (typeof rec === 'string') bad = { lineNo, why: rec };
    else onRecord(rec);
  });
  if (bad !== null) onTorn((bad as { lineNo: number }).lineNo);
}

function corrupt(seg: Segment, lineNo: number, why: string): CepheusError {
  return new CepheusError(ErrorCodes.DATA_CORRUPT, `event log ${seg.file}:${lineNo} is corrupt (${why})`);
}

function decodeRecord(line: string): LogRecord | string {
  let v: { q?: unknown; s?: unknown; e?: unknown };
  try {
    v = JSON.parse(line) as typeof v;
  } catch (e) {
    return (e as Error).message;
  }
  if (typeof v?.q !== 'number' || typeof v.s !== 'string' || !Array.isArray(v.e)) return 'not a log record';
  return { seq: v.q, source: v.s, values: v.e as object[] };
}

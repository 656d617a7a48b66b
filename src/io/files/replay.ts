// `cepheus run`: a bounded JSONL input fed through the engine (LANGUAGE.md 13). Control lines
// `{"_watermark": MS}` move the watermark; a line that is not a JSON object is reported with its
// line number and skipped; at the end the watermark goes to +∞.

import type { Readable } from 'node:stream';
import type { Engine } from '../../engine/engine';
import { forEachLine } from './line-reader';

export interface ReplayStats {
  lines: number;
  events: number;
  badLines: number;
}

export async function replay(
  engine: Engine,
  stream: string,
  input: Readable,
  onBadLine: (lineNo: number, why: string) => void,
): Promise<ReplayStats> {
  const stats: ReplayStats = { lines: 0, events: 0, badLines: 0 };
  await forEachLine(input, (line, lineNo) => {
    stats.lines++;
    if (line.trim().length === 0) return;
    const value = parseLine(line);
    if (typeof value === 'string') {
      stats.badLines++;
      onBadLine(lineNo, value);
      return;
    }
    const wm = (value as Record<string, unknown>)._watermark;
    if (wm !== undefined) {
      if (typeof wm === 'number' && !Number.isNaN(wm)) engine.watermark(stream, wm);
      else {
        stats.badLines++;
        onBadLine(lineNo, '"_watermark" must be a number of milliseconds');
      }
      return;
    }
    stats.events++;
    engine.ingest(stream, value, `${lineNo}`);
  });
  engine.finish();
  return stats;
}

/** The line's JSON object, or a message saying why it is not one. */
function parseLine(line: string): object | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return `not valid JSON (${(e as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'not a JSON object';
  }
  return value;
}

// Reads a byte stream as lines without a per-line await: chunks are split synchronously and each
// complete line is handed to a callback, so a replay of a million events costs one await per chunk.

import type { Readable } from 'node:stream';

export async function forEachLine(
  input: Readable,
  onLine: (line: string, lineNo: number) => void,
): Promise<void> {
  let rest = '';
  let lineNo = 0;
  input.setEncoding('utf8');
  for await (const chunk of input) {
    const text = rest + (chunk as string);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      lineNo++;
      onLine(stripCr(text.slice(start, nl)), lineNo);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) onLine(stripCr(rest), ++lineNo);
}

function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

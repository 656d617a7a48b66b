// POST /events bodies: one JSON object, an array of objects, or NDJSON (one object per line).
// Any value that is not a JSON object rejects the whole request with the place: `line` is the
// NDJSON line, the array element's index + 1, or the body line of a JSON syntax error.
// `{"_watermark": ms}` objects are control records (as in replay) and must hold a number.

import { ErrorCodes } from '../../errors';
import { HttpError } from './http-errors';
import { jsonErrorOffset } from './json-error-offset';

export function decodeEvents(body: string, ndjson: boolean): object[] {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw bad('the request body holds no events', 1);
  if (!ndjson && text.trimStart().startsWith('[')) return decodeArray(text);
  if (!ndjson) {
    const one = tryParse(text);
    if (one.ok) return [checkValue(one.value, 1, 'the body')];
  }
  return decodeLines(text);
}

function decodeArray(text: string): object[] {
  const r = tryParse(text);
  if (!r.ok) {
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text));
    throw bad(`not valid JSON at line ${line} column ${column}: ${r.message}`, line);
  }
  if (!Array.isArray(r.value)) throw bad('the body must be a JSON object, an array of objects, or NDJSON', 1);
  return r.value.map((v, i) => checkValue(v, i + 1, `element ${i}`));
}

function decodeLines(text: string): object[] {
  const out: object[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const r = tryParse(line);
    if (!r.ok) throw bad(`line ${i + 1} is not valid JSON at column ${jsonErrorOffset(line) + 1}: ${r.message}`, i + 1);
    out.push(checkValue(r.value, i + 1, `line ${i + 1}`));
  }
  if (out.length === 0) throw bad('the request body holds no events', 1);
  return out;
}

function checkValue(v: unknown, line: number, where: string): object {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw bad(`${where} is ${describe(v)}, not a JSON object`, line);
  }
  const wm = (v as Record<string, unknown>)._watermark;
  if (wm !== undefined && (typeof wm !== 'number' || !Number.isFinite(wm))) {
    throw bad(`${where}: "_watermark" must be a number of milliseconds`, line);
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // V8 quotes the input in some messages, and the body can be megabytes: keep only the reason
    const message = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    return { ok: false, message };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function bad(message: string, line: number): HttpError {
  return new HttpError(400, ErrorCodes.EVENTS_INVALID, message, { line });
}

// Reading an event's time: epoch milliseconds, or an ISO-8601 string.

import type { PathSeg } from '../../lang/ast';

/** The event time at `path`, or NaN when missing or unparsable. */
export function readEventTime(value: unknown, path: readonly PathSeg[]): number {
  const raw = readPath(value, path);
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : NaN;
  if (typeof raw === 'string' && raw.length > 0) return parseIsoTime(raw);
  return NaN;
}

export function readPath(value: unknown, path: readonly PathSeg[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (Array.isArray(cur)) return undefined;
      const v = (cur as Record<string, unknown>)[seg];
      // only own fields count. A JSON value is never a function, so a function read here is
      // inherited (toString, constructor, ...); `__proto__` is the one name that needs the check
      if (v === undefined || typeof v === 'function') return undefined;
      if (seg === '__proto__' && !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = v;
    }
  }
  return cur;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO-8601 only (Date.parse alone accepts many other forms); no zone means UTC. */
function parseIsoTime(s: string): number {
  if (!ISO.test(s)) return NaN;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(s) && s.length > 10;
  const text = s.length > 10 && !hasZone ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T');
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : NaN;
}

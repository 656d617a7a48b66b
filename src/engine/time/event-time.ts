// Reading an event's time: epoch milliseconds, or an ISO-8601 string.

import type { PathSeg } from '../../lang/ast';
import { parseEventTime } from '../../lang/expr/event-time';

/** The event time at `path`, or NaN when missing or unparsable. */
export function readEventTime(value: unknown, path: readonly PathSeg[]): number {
  const raw = readPath(value, path);
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : NaN;
  if (typeof raw === 'string') {
    // one ISO-8601 reading for event times and for `time(x)` in expressions
    const t = parseEventTime(raw);
    return t === null ? NaN : t;
  }
  return NaN;
}

export function readPath(value: unknown, path: readonly PathSeg[]): unknown {
  let cur: unknown = value;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
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


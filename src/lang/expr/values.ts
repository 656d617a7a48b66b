// Reading JSON values without ever throwing: property access only on plain objects and only of
// own properties (so `constructor` or `__proto__` never reach Object.prototype), array indexes
// only when in range. `undefined` never escapes: a missing value reads null.

const hasOwn = Object.prototype.hasOwnProperty;

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property `k` of `o`, or null when `o` is not an object or has no such property. */
export function getField(o: unknown, k: string): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  if (!hasOwn.call(o, k)) return null;
  const v = (o as Record<string, unknown>)[k];
  return v === undefined ? null : v;
}

/** True when `o` is an object with an own property `k` (even if its value is null). */
export function hasField(o: unknown, k: string): boolean {
  return typeof o === 'object' && o !== null && !Array.isArray(o) && hasOwn.call(o, k);
}

/** `o[i]`: an array element for an in-range integer, an object field for a string, else null. */
export function getIndex(o: unknown, i: unknown): unknown {
  if (typeof i === 'string') return getField(o, i);
  if (typeof i !== 'number' || !Array.isArray(o)) return null;
  if (!Number.isInteger(i) || i < 0 || i >= o.length) return null;
  const v: unknown = o[i];
  return v === undefined ? null : v;
}

/** True when `o[i]` exists (array index in range, or own field). */
export function hasIndex(o: unknown, i: unknown): boolean {
  if (typeof i === 'string') return hasField(o, i);
  return typeof i === 'number' && Array.isArray(o) && Number.isInteger(i) && i >= 0 && i < o.length;
}

/** Reads a path of field names and array indexes; null as soon as a step is missing. */
export function getPath(o: unknown, path: readonly (string | number)[]): unknown {
  let v = o;
  for (let i = 0; i < path.length; i++) v = getIndex(v, path[i]);
  return v;
}

/** True when every step of `path` exists (the last one may hold null). */
export function hasPath(o: unknown, path: readonly (string | number)[]): boolean {
  let v = o;
  for (let i = 0; i < path.length; i++) {
    if (!hasIndex(v, path[i])) return false;
    v = getIndex(v, path[i]);
  }
  return true;
}

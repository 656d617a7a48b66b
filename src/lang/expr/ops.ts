// Run-time meaning of the operators (LANGUAGE.md section 6). Every function is total: any inputs
// give a JSON value, never an exception. null propagates through arithmetic; a result that is not
// a finite number (overflow, 0/0) is null, so no NaN or Infinity ever reaches an alert.

import { jsonEqual } from './equality';

/** A finite number, or null. */
function finite(n: number): number | null {
  return n - n === 0 ? n : null;
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return finite(a + b);
  if (typeof a === 'string' || typeof b === 'string') return join(a, b);
  return null;
}

/** `+` with a string side: joins the texts of strings, numbers and booleans; else null. */
function join(a: unknown, b: unknown): unknown {
  if (!isText(a) || !isText(b)) return null;
  return String(a) + String(b);
}

function isText(v: unknown): v is string | number | boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean';
}

export function sub(a: unknown, b: unknown): unknown {
  return typeof a === 'number' && typeof b === 'number' ? finite(a - b) : null;
}

export function mul(a: unknown, b: unknown): unknown {
  return typeof a === 'number' && typeof b === 'number' ? finite(a * b) : null;
}

export function div(a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return null;
  return finite(a / b);
}

/** JavaScript remainder: the sign of the dividend; by zero gives null. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return null;
  return finite(a % b);
}

export function neg(a: unknown): unknown {
  return typeof a === 'number' ? 0 - a : null;
}

/**
 * `==` (LANGUAGE.md 6): a comparison with null is null; otherwise same kind and same value
 * (different kinds are never equal). `x == null` is a null test, compiled on its own.
 */
export function eq(a: unknown, b: unknown): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  return a === b || jsonEqual(a, b);
}

export function ne(a: unknown, b: unknown): boolean | null {
  const r = eq(a, b);
  return r === null ? null : !r;
}

// Ordering is defined between two numbers or two strings (UTF-16 code unit order); anything else,
// null included, is unknown.
export function lt(a: unknown, b: unknown): boolean | null {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  return null;
}

export function le(a: unknown, b: unknown): boolean | null {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (typeof a === 'string' && typeof b === 'string') return a <= b;
  return null;
}

export function gt(a: unknown, b: unknown): boolean | null {
  return lt(b, a);
}

export function ge(a: unknown, b: unknown): boolean | null {
  return le(b, a);
}

/** `x in list`: membership by `==`; null when the right side is not an array. */
/** `x in [...]`: membership by `==`; null when `x` is null (a comparison with null). */
export function inList(a: unknown, list: unknown): boolean | null {
  if (!Array.isArray(list) || a === null || a === undefined) return null;
  for (let i = 0; i < list.length; i++) if (a === list[i] || jsonEqual(a, list[i])) return true;
  return false;
}

/** `s contains t` (substring) or `list contains x` (membership by `==`). */
export function contains(a: unknown, b: unknown): boolean | null {
  if (typeof a === 'string') return typeof b === 'string' ? a.includes(b) : null;
  if (Array.isArray(a)) return inList(b, a);
  return null;
}

export function startsWith(a: unknown, b: unknown): boolean | null {
  return typeof a === 'string' && typeof b === 'string' ? a.startsWith(b) : null;
}

export function endsWith(a: unknown, b: unknown): boolean | null {
  return typeof a === 'string' && typeof b === 'string' ? a.endsWith(b) : null;
}

/** SQL `not`: only booleans are negated; anything else is unknown. */
export function not(a: unknown): boolean | null {
  return a === true ? false : a === false ? true : null;
}

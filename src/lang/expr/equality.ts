// Equality of JSON values, as `==` and `in` and array `contains` use it: same kind and same
// value. Numbers compare as IEEE doubles (5 == 5.0), strings by code units, arrays element by
// element, objects by their set of own keys and the value at each key (key order ignored).
// Values of different kinds are never equal. The walk uses an explicit stack, so a deeply
// nested event cannot overflow the call stack.

const hasOwn = Object.prototype.hasOwnProperty;

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return bothNull(a, b);
  }
  return deepEqual(a, b);
}

// undefined is read as null everywhere, so it equals null here too
function bothNull(a: unknown, b: unknown): boolean {
  return (a === null || a === undefined) && (b === null || b === undefined);
}

function deepEqual(a: object, b: object): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (!bothNull(x, y)) return false;
      continue;
    }
    if (!pushChildren(x, y, stack)) return false;
  }
  return true;
}

/** Pushes the pairs of children still to compare; false when the shapes already differ. */
function pushChildren(x: object, y: object, stack: unknown[]): boolean {
  const xa = Array.isArray(x);
  if (xa !== Array.isArray(y)) return false;
  if (xa) {
    const ya = y as unknown[];
    if (x.length !== ya.length) return false;
    for (let i = 0; i < x.length; i++) stack.push(x[i], ya[i]);
    return true;
  }
  const xr = x as Record<string, unknown>;
  const yr = y as Record<string, unknown>;
  const keys = Object.keys(xr);
  if (keys.length !== Object.keys(yr).length) return false;
  for (const k of keys) {
    if (!hasOwn.call(yr, k)) return false;
    stack.push(xr[k], yr[k]);
  }
  return true;
}

// The key under which distinct_count remembers a value: equal under `==` means equal key (5 and
// 5.0, objects with the same fields in any order), different kinds never share one. Every key
// starts with a kind letter, so no key can be `__proto__` or another Object.prototype name.

/** The value's key, or null for null, missing and values that cannot be keyed. */
export function distinctKey(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
      // String(-0) is "0", as -0 == 0
      return Number.isFinite(v) ? `n${String(v)}` : null;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'object':
      return v === null ? null : objectKey(v);
    default:
      return null;
  }
}

function objectKey(v: object): string | null {
  try {
    return `j${canonicalJson(v)}`;
  } catch {
    // nested too deeply to serialise: such a value is left out rather than stop the engine
    return null;
  }
}

/** JSON text with object keys sorted, so field order does not make two equal values differ. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return v === undefined ? 'null' : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const rec = v as Record<string, unknown>;
  const parts = Object.keys(rec)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`);
  return `{${parts.join(',')}}`;
}

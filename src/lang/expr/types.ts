// Static types of expressions: a set of the JSON kinds a value may have at run time, as a bitmask.
// A field read may be anything (ANY); a literal is exactly one kind; `amount * 2` is NUM | NULL
// because a missing operand makes it null. The checker reports an error only when a set has no
// kind an operator accepts, so an unknown field never causes a type error.

export const NULL = 1;
export const BOOL = 2;
export const NUM = 4;
export const STR = 8;
export const ARR = 16;
export const OBJ = 32;
export const ANY = NULL | BOOL | NUM | STR | ARR | OBJ;

/** A set of JSON kinds (bitmask of NULL BOOL NUM STR ARR OBJ). */
export type StaticType = number;

const NAMES: [number, string][] = [
  [NULL, 'null'],
  [BOOL, 'a boolean'],
  [NUM, 'a number'],
  [STR, 'a string'],
  [ARR, 'an array'],
  [OBJ, 'an object'],
];

/** `a number`, `a string or null`, `any value`: for messages. */
export function describeType(t: StaticType): string {
  if (t === ANY) return 'any value';
  const names = NAMES.filter(([bit]) => (t & bit) !== 0).map(([, name]) => name);
  if (names.length === 0) return 'nothing';
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The kind of one run-time value. */
export function typeOfValue(v: unknown): StaticType {
  if (v === null || v === undefined) return NULL;
  switch (typeof v) {
    case 'boolean':
      return BOOL;
    case 'number':
      return NUM;
    case 'string':
      return STR;
    default:
      return Array.isArray(v) ? ARR : OBJ;
  }
}

/** True when some value of type `t`, other than null, is accepted by `accepted`. */
export function admits(t: StaticType, accepted: StaticType): boolean {
  return (t & ~NULL & accepted) !== 0 || t === NULL;
}

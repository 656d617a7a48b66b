// Sets of code points as sorted, disjoint, inclusive ranges. The regex safety check needs only
// to build sets (classes, escapes, `.`) and to ask whether two sets share a character.

export type CharSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;

/** Sorts and merges ranges into a normal set. */
export function charSet(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function single(cp: number): CharSet {
  return [[cp, cp]];
}

export function union(...sets: CharSet[]): CharSet {
  return charSet(sets.flat());
}

export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of set) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** True when the sets share at least one code point. */
export function intersects(x: CharSet, y: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i][1] < y[j][0]) i++;
    else if (y[j][1] < x[i][0]) j++;
    else return true;
  }
  return false;
}

const c = (ch: string): number => ch.codePointAt(0) ?? 0;

export const ANY_CHAR: CharSet = [[0, MAX_CODE_POINT]];
export const DIGIT: CharSet = charSet([[c('0'), c('9')]]);
export const WORD: CharSet = charSet([
  [c('0'), c('9')],
  [c('A'), c('Z')],
  [c('_'), c('_')],
  [c('a'), c('z')],
]);
export const SPACE: CharSet = charSet(
  [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]
    .map((n) => [n, n] as const)
    .concat([[0x2000, 0x200a]]),
);
/** `.` without the s flag: anything but a line terminator. */
export const DOT: CharSet = complement(charSet([[10, 10], [13, 13], [0x2028, 0x2029]]));

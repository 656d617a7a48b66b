// The scalar functions of one argument (LANGUAGE.md 6). Each is total: an argument of the wrong
// kind, null included, gives null.

import { NULL, NUM, STR, ARR, type StaticType } from './types';

export interface UnaryFn {
  /** the kinds of argument it works on (for the compile-time check and messages) */
  readonly accepts: StaticType;
  readonly expects: string;
  readonly result: StaticType;
  readonly apply: (v: unknown) => unknown;
}

/** -0 reads as 0, so `round(-0.2)` is not printed as `-0` anywhere. */
function noNegZero(n: number): number {
  return n === 0 ? 0 : n;
}

function numeric(f: (n: number) => number): UnaryFn {
  return {
    accepts: NUM,
    expects: 'a number',
    result: NUM | NULL,
    apply: (v) => (typeof v === 'number' ? noNegZero(f(v)) : null),
  };
}

function text(f: (s: string) => string): UnaryFn {
  return {
    accepts: STR,
    expects: 'a string',
    result: STR | NULL,
    apply: (v) => (typeof v === 'string' ? f(v) : null),
  };
}

/** Half away from zero: round(2.5) = 3, round(-2.5) = -3 (Math.round alone gives -2). */
function roundHalfAway(n: number): number {
  return n < 0 ? -Math.round(-n) : Math.round(n);
}

export const UNARY_FNS: Readonly<Record<string, UnaryFn>> = {
  abs: numeric(Math.abs),
  round: numeric(roundHalfAway),
  floor: numeric(Math.floor),
  ceil: numeric(Math.ceil),
  lower: text((s) => s.toLowerCase()),
  upper: text((s) => s.toUpperCase()),
  len: {
    accepts: STR | ARR,
    expects: 'a string or an array',
    result: NUM | NULL,
    apply: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : null),
  },
};

const hasOwn = Object.prototype.hasOwnProperty;

export function unaryFn(name: string): UnaryFn | undefined {
  return hasOwn.call(UNARY_FNS, name) ? UNARY_FNS[name] : undefined;
}

/** Every function name, for the unknown-function message. */
export const FUNCTION_NAMES = [
  'abs', 'round', 'floor', 'ceil', 'min', 'max', 'lower', 'upper', 'len', 'coalesce', 'exists',
  'if', 'time', 'count', 'sum', 'avg', 'first', 'last',
];

// Dewey version numbers label the branches of a partial match (Flink's DeweyNumber, after the
// SASE+ paper): a branch that forks from `1.0` gets `1.1`, a branch entering a new stage gets
// `1.0.0`. The shared buffer tags each edge with the version that wrote it, so following only
// compatible edges walks back exactly one branch's events.
//
// Versions are immutable, and almost all of them are short with small digits, so those are
// interned: one shared object per distinct version, found through its prefix's cache of
// children. Every branch and buffer edge of every key holding `1.0.0` points at the same object,
// which saves an array per branch and per edge and makes the common compatibility test an
// identity test. Long or large versions (long loops) are built uncached, so the cache stays small.

export class Dewey {
  /** interned children by digit: `this.digits` followed by the index */
  private kids: (Dewey | undefined)[] | null = null;

  private constructor(
    readonly digits: readonly number[],
    /** the version without its last digit, kept for interned versions only */
    private readonly prefix: Dewey | null,
  ) {}

  get length(): number {
    return this.digits.length;
  }

  /** the version with `digit` appended */
  child(digit: number): Dewey {
    if (this.interned && digit < MAX_DIGIT && this.digits.length < MAX_LENGTH) {
      const kids = this.kids ?? (this.kids = []);
      const k = kids[digit];
      if (k !== undefined) return k;
      if (internedCount < MAX_INTERNED) {
        internedCount++;
        return (kids[digit] = new Dewey(appended(this.digits, digit), this));
      }
    }
    return new Dewey(appended(this.digits, digit), null);
  }

  /** the version with its last digit raised by `times` */
  increased(times: number): Dewey {
    if (times === 0) return this;
    const n = this.digits.length;
    const last = this.digits[n - 1] + times;
    if (this.prefix !== null) return this.prefix.child(last);
    const digits = this.digits.slice();
    digits[n - 1] = last;
    return new Dewey(digits, null);
  }

  /** true for the one shared object of its digits (a cache keyed by version may keep it) */
  get interned(): boolean {
    return this.prefix !== null || this === ROOT;
  }

  toString(): string {
    return this.digits.join('.');
  }

  /** The version with these digits: interned when it can be (decoded state shares it too). */
  static of(digits: readonly number[], start = 0, count = digits.length - start): Dewey {
    let v: Dewey = ROOT;
    for (let i = 0; i < count; i++) v = v.child(digits[start + i]);
    return v;
  }

  /** @internal the empty version every other one descends from */
  static root(): Dewey {
    return new Dewey([], null);
  }
}

const MAX_DIGIT = 64;
const MAX_LENGTH = 16;
/** a bound on what the cache can hold, whatever the patterns do */
const MAX_INTERNED = 1 << 16;
let internedCount = 0;

const ROOT: Dewey = Dewey.root();

export const INITIAL_VERSION: Dewey = ROOT.child(1);

function appended(digits: readonly number[], digit: number): number[] {
  const n = digits.length;
  const out = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) out[i] = digits[i];
  out[n] = digit;
  return out;
}

export function increase(v: Dewey, times: number): Dewey {
  return v.increased(times);
}

export function addStage(v: Dewey): Dewey {
  return v.child(0);
}

/**
 * `v` descends from `other`: `other` is a prefix of `v`, or both have the same length, agree on
 * all but the last digit and `v`'s last digit is at least `other`'s.
 */
export function isCompatibleWith(v: Dewey, other: Dewey): boolean {
  if (v === other) return true;
  const a = v.digits;
  const b = other.digits;
  const n = b.length;
  if (a.length > n) {
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a.length === n) {
    const last = n - 1;
    for (let i = 0; i < last; i++) if (a[i] !== b[i]) return false;
    return a[last] >= b[last];
  }
  return false;
}

export function deweyEquals(a: Dewey, b: Dewey): boolean {
  if (a === b) return true;
  const x = a.digits;
  const y = b.digits;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function deweyToString(v: Dewey): string {
  return v.toString();
}

// Dewey version numbers label the branches of a partial match (Flink's DeweyNumber, after the
// SASE+ paper): a branch that forks from `1.0` gets `1.1`, a branch entering a new stage gets
// `1.0.0`. The shared buffer tags each edge with the version that wrote it, so following only
// compatible edges walks back exactly one branch's events.

export type Dewey = readonly number[];

export const INITIAL_VERSION: Dewey = [1];

export function increase(v: Dewey, times: number): Dewey {
  if (times === 0) return v;
  const out = v.slice();
  out[out.length - 1] += times;
  return out;
}

export function addStage(v: Dewey): Dewey {
  // exact size: a pushed-to array would reserve room for 16 more digits
  const n = v.length;
  const out = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) out[i] = v[i];
  out[n] = 0;
  return out;
}

/**
 * `v` descends from `other`: `other` is a prefix of `v`, or both have the same length, agree on
 * all but the last digit and `v`'s last digit is at least `other`'s.
 */
export function isCompatibleWith(v: Dewey, other: Dewey): boolean {
  const n = other.length;
  if (v.length > n) {
    for (let i = 0; i < n; i++) if (v[i] !== other[i]) return false;
    return true;
  }
  if (v.length === n) {
    const last = n - 1;
    for (let i = 0; i < last; i++) if (v[i] !== other[i]) return false;
    return v[last] >= other[last];
  }
  return false;
}

export function deweyEquals(a: Dewey, b: Dewey): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function deweyToString(v: Dewey): string {
  return v.join('.');
}

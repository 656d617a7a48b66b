// `suppress D` (LANGUAGE.md 4): after an emitted alert for a key, further alerts of the rule for
// that key whose `end` is less than D after that alert's `end` are dropped. A re-firing of an
// alert already emitted (same id, a window's late revision) is not a further alert.

import type { Alert } from './alert';
import type { EngineOutput } from './output';

/** How far behind the newest alert end a key's suppression is kept before it is forgotten. */
const KEEP_BEHIND_MS = 24 * 3600 * 1000;

export class SuppressingOutput implements EngineOutput {
  private readonly last = new Map<string, { end: number; id: string }>();
  private newestEnd = -Infinity;
  suppressed = 0;

  constructor(
    private readonly inner: EngineOutput,
    private readonly windowMs: number,
  ) {}

  alert(a: Alert): void {
    const key = JSON.stringify(a.key);
    const prev = this.last.get(key);
    if (prev !== undefined && prev.id !== a.id && a.end - prev.end < this.windowMs) {
      this.suppressed++;
      return;
    }
    if (prev === undefined || prev.id !== a.id) this.last.set(key, { end: a.end, id: a.id });
    if (a.end > this.newestEnd) {
      this.newestEnd = a.end;
      this.forgetOld();
    }
    this.inner.alert(a);
  }

  deadLetter(d: Parameters<EngineOutput['deadLetter']>[0]): void {
    this.inner.deadLetter(d);
  }

  private forgetOld(): void {
    if (this.last.size < 4096) return;
    const horizon = this.newestEnd - this.windowMs - KEEP_BEHIND_MS;
    for (const [k, v] of this.last) if (v.end < horizon) this.last.delete(k);
  }
}

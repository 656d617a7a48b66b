// `suppress D` (LANGUAGE.md 4): after an emitted alert for a key, further alerts of the rule for
// that key whose `end` is less than D after that alert's `end` are dropped. A re-firing of an
// alert already emitted (same id: a window's late revision) is not a further alert, even after
// newer alerts of the key.

import type { Alert } from './alert';
import type { EngineOutput } from './output';

/** How far behind the newest alert end a key's suppression is kept before it is forgotten. */
const KEEP_BEHIND_MS = 24 * 3600 * 1000;
/** Emitted ids remembered per key, for re-firings; the oldest go first. */
const IDS_PER_KEY = 64;

interface KeySuppression {
  /** end of the last alert that went out */
  end: number;
  /** ids of alerts that went out, oldest first */
  ids: string[];
}

export class SuppressingOutput implements EngineOutput {
  private readonly keys = new Map<string, KeySuppression>();
  private newestEnd = -Infinity;
  suppressed = 0;

  constructor(
    private readonly inner: EngineOutput,
    private readonly windowMs: number,
  ) {}

  alert(a: Alert): void {
    const key = JSON.stringify(a.key);
    let k = this.keys.get(key);
    const refiring = k !== undefined && k.ids.includes(a.id);
    if (k !== undefined && !refiring && a.end - k.end < this.windowMs) {
      this.suppressed++;
      return;
    }
    if (k === undefined) {
      k = { end: a.end, ids: [] };
      this.keys.set(key, k);
    }
    if (!refiring) {
      k.end = a.end;
      k.ids.push(a.id);
      if (k.ids.length > IDS_PER_KEY) k.ids.shift();
    }
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
    if (this.keys.size < 4096) return;
    const horizon = this.newestEnd - this.windowMs - KEEP_BEHIND_MS;
    for (const [k, v] of this.keys) if (v.end < horizon) this.keys.delete(k);
  }
}

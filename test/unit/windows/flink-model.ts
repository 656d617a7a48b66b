// A deliberately naive model of Flink's WindowOperator for the property tests: window contents
// as lists of events, a timer set, and MergingWindowSet's mapping, written after Flink's code
// (WindowOperator.processElement / onEventTime, MergingWindowSet.addWindow,
// TimeWindow.mergeWindows, EventTimeTrigger) rather than after the implementation under test.

export interface ModelEvent {
  key: string;
  time: number;
  arrival: number;
  value: Record<string, unknown>;
}

export interface ModelFiring {
  key: string;
  start: number;
  end: number;
  events: ModelEvent[];
  /** how many times this exact window fired before (fixed windows) */
  revision: number;
}

export type ModelAssigner =
  | { kind: 'fixed'; size: number; slide: number }
  | { kind: 'session'; gap: number };

interface Win {
  start: number;
  end: number;
}
const wk = (w: Win) => `${w.start}:${w.end}`;
const maxTs = (w: Win) => w.end - 1;

interface Timer {
  key: string;
  win: Win;
  time: number;
  seq: number;
}

export class FlinkModel {
  wm = -Infinity;
  readonly fired: ModelFiring[] = [];
  private readonly state = new Map<string, ModelEvent[]>(); // key|stateWindow → events
  private readonly mapping = new Map<string, Map<string, Win>>(); // key → window → state window
  private readonly windows = new Map<string, Win>();
  private readonly timers = new Map<string, Timer>();
  private readonly firings = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly assigner: ModelAssigner,
    private readonly lateness: number,
  ) {}

  /** true when some window took the event */
  processElement(ev: ModelEvent): boolean {
    if (this.assigner.kind === 'session') return this.processMerging(ev);
    let used = false;
    for (const w of this.assign(ev.time)) {
      if (this.isLate(w)) continue;
      used = true;
      this.contents(ev.key, w).push(ev);
      if (maxTs(w) <= this.wm) this.fire(ev.key, w, w);
      else this.register(ev.key, w, maxTs(w));
      this.register(ev.key, w, this.cleanup(w));
    }
    return used;
  }

  processWatermark(w: number): void {
    this.wm = w;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.time <= w).sort((a, b) => a.time - b.time || a.seq - b.seq)[0];
      if (due === undefined) return;
      this.timers.delete(this.tk(due.key, due.win, due.time));
      this.onEventTime(due);
    }
  }

  private onEventTime(t: Timer): void {
    let stateWin = t.win;
    if (this.assigner.kind === 'session') {
      const sw = this.mappingOf(t.key).get(wk(t.win));
      if (sw === undefined) return;
      stateWin = sw;
    }
    if (t.time === maxTs(t.win)) this.fire(t.key, t.win, stateWin);
    if (t.time === this.cleanup(t.win)) {
      this.state.delete(`${t.key}|${wk(stateWin)}`);
      this.timers.delete(this.tk(t.key, t.win, maxTs(t.win)));
      if (this.assigner.kind === 'session') this.mappingOf(t.key).delete(wk(t.win));
    }
  }

  private processMerging(ev: ModelEvent): boolean {
    const gap = (this.assigner as { gap: number }).gap;
    const w: Win = { start: ev.time, end: ev.time + gap };
    const actual = this.addWindow(ev.key, w);
    if (this.isLate(actual)) {
      this.mappingOf(ev.key).delete(wk(actual));
      return false;
    }
    const stateWin = this.mappingOf(ev.key).get(wk(actual)) as Win;
    this.contents(ev.key, stateWin).push(ev);
    if (maxTs(actual) <= this.wm) this.fire(ev.key, actual, stateWin);
    else this.register(ev.key, actual, maxTs(actual));
    this.register(ev.key, actual, this.cleanup(actual));
    return true;
  }

  /** MergingWindowSet.addWindow with WindowOperator's merge function. */
  private addWindow(key: string, newWin: Win): Win {
    const mapping = this.mappingOf(key);
    const all = [...[...mapping.keys()].map((k) => this.windows.get(k) as Win), newWin];
    all.sort((a, b) => a.start - b.start);
    const groups: { cover: Win; members: Map<string, Win> }[] = [];
    let cur: { cover: Win; members: Map<string, Win> } | null = null;
    for (const c of all) {
      if (cur !== null && cur.cover.start <= c.end && cur.cover.end >= c.start) {
        cur.cover = { start: Math.min(cur.cover.start, c.start), end: Math.max(cur.cover.end, c.end) };
        cur.members.set(wk(c), c);
      } else {
        cur = { cover: c, members: new Map([[wk(c), c]]) };
        groups.push(cur);
      }
    }
    let result = newWin;
    let mergedNew = false;
    let anyMerge = false;
    for (const g of groups) {
      if (g.members.size <= 1) continue;
      anyMerge = true;
      const merged = g.members;
      if (merged.delete(wk(newWin))) {
        mergedNew = true;
        result = g.cover;
      }
      const firstMember = merged.values().next().value as Win;
      const target = mapping.get(wk(firstMember)) as Win;
      const mergedStates: Win[] = [];
      for (const m of merged.values()) {
        const sw = mapping.get(wk(m));
        mapping.delete(wk(m));
        if (sw !== undefined) mergedStates.push(sw);
      }
      this.windows.set(wk(g.cover), g.cover);
      mapping.set(wk(g.cover), target);
      const rest = mergedStates.filter((s) => wk(s) !== wk(target));
      if (!(merged.has(wk(g.cover)) && merged.size === 1)) {
        if (maxTs(g.cover) > this.wm) this.register(key, g.cover, maxTs(g.cover));
        for (const m of merged.values()) {
          this.timers.delete(this.tk(key, m, maxTs(m)));
          this.timers.delete(this.tk(key, m, this.cleanup(m)));
        }
        const into = this.contents(key, target);
        for (const s of rest) {
          into.push(...(this.state.get(`${key}|${wk(s)}`) ?? []));
          this.state.delete(`${key}|${wk(s)}`);
        }
      }
    }
    if (!anyMerge || (wk(result) === wk(newWin) && !mergedNew)) {
      this.windows.set(wk(result), result);
      mapping.set(wk(result), result);
    }
    return result;
  }

  private assign(t: number): Win[] {
    const a = this.assigner as { size: number; slide: number };
    const rem = t % a.slide;
    const last = rem < 0 ? t - (rem + a.slide) : t - rem;
    const out: Win[] = [];
    for (let s = last; s > t - a.size; s -= a.slide) out.push({ start: s, end: s + a.size });
    return out;
  }

  private fire(key: string, win: Win, stateWin: Win): void {
    const events = this.state.get(`${key}|${wk(stateWin)}`);
    if (events === undefined) return;
    const id = `${key}|${wk(win)}`;
    const revision = this.firings.get(id) ?? 0;
    this.firings.set(id, revision + 1);
    this.fired.push({ key, start: win.start, end: win.end, events: [...events], revision });
  }

  private contents(key: string, w: Win): ModelEvent[] {
    let l = this.state.get(`${key}|${wk(w)}`);
    if (l === undefined) this.state.set(`${key}|${wk(w)}`, (l = []));
    return l;
  }

  private mappingOf(key: string): Map<string, Win> {
    let m = this.mapping.get(key);
    if (m === undefined) this.mapping.set(key, (m = new Map()));
    return m;
  }

  private cleanup(w: Win): number {
    return maxTs(w) + this.lateness;
  }

  private isLate(w: Win): boolean {
    return this.cleanup(w) <= this.wm;
  }

  private tk(key: string, w: Win, time: number): string {
    return `${key}|${wk(w)}|${time}`;
  }

  private register(key: string, w: Win, time: number): void {
    const k = this.tk(key, w, time);
    if (!this.timers.has(k)) this.timers.set(k, { key, win: w, time, seq: this.seq++ });
  }
}

/** The aggregates of the property tests' rule, computed from a window's events. */
export function naiveAggregates(events: readonly ModelEvent[]): Record<string, unknown> {
  const nums = events.map((e) => e.value.amount).filter((v): v is number => typeof v === 'number');
  const byTime = [...events].sort((a, b) => a.time - b.time || a.arrival - b.arrival);
  const merchants = new Set(
    events.map((e) => e.value.merchant).filter((m) => m !== null && m !== undefined).map((m) => JSON.stringify(m)),
  );
  const total = nums.reduce((s, v) => s + v, 0);
  const pick = (e: ModelEvent | undefined) => (e === undefined || e.value.amount === undefined ? null : e.value.amount);
  return {
    n: events.length,
    total,
    mean: nums.length === 0 ? null : total / nums.length,
    lo: nums.length === 0 ? null : Math.min(...nums),
    hi: nums.length === 0 ? null : Math.max(...nums),
    opening: pick(byTime[0]),
    closing: pick(byTime[byTime.length - 1]),
    merchants: merchants.size,
  };
}

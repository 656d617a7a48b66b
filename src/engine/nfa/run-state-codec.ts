// One key's automaton run state as plain JSON and back: branches, held-back matches, and the
// part of the shared buffer they reach (events, nodes, edges with their versions and reference
// counts), so a restored key continues exactly where it stopped.
// Numbers go into flat arrays rather than one object per node, edge and branch: a million
// partial matches are then a few million numbers to stringify and parse, not tens of millions
// of small objects, which is what snapshot and recovery time were spent on.

import { type BufferedEvent, heldEvent } from './buffered-event';
import type { Automaton } from './compile';
import type { ComputationState } from './computation-state';
import { Dewey } from './dewey';
import { KeyRunState } from './nfa';
import { type Node, type StepLists, addEdge, edgesOf } from './shared-buffer';

export interface RunStateJson {
  /** format: 2 (flat arrays); absent in the first, object-per-item format, still read */
  f: 2;
  /**
   * above every arrival number in the state: releases that numbered events per key number the
   * key's next events from it, so state written here stays readable to them. Not read here.
   */
  seq: number;
  /** event values, by event index */
  ev: unknown[];
  /** per event: time, then arrival number (within the source; within the key in older state) */
  et: number[];
  /** per event: position (replay line, partition/offset) */
  ep: string[];
  /** per node: event, step, refs, edge count, then per edge: target node (-1: none), refs, version */
  nd: number[];
  /** per branch, in heap array order: state id, node (-1), start event (-1), version */
  cs: number[];
  /** held-back matches: the branch as in `cs`, the events of each step, what the runtime captured */
  done: { cs: number[]; lists: number[][]; ctx?: unknown }[] | null;
}

/** The first format, one object per item; keys stored before format 2 are still read. */
export interface RunStateJsonV1 {
  seq?: number;
  cs: BranchJsonV1[];
  done: { cs: BranchJsonV1; lists: number[][]; ctx?: unknown }[] | null;
  events: { v: unknown; t: number; q: number; p: string }[];
  nodes: { e: number; s: number; r: number; edges: { t: number; v: readonly number[]; r: number }[] }[];
}

interface BranchJsonV1 {
  s: number;
  n: number;
  v: readonly number[];
  st: number;
  pt: number;
  se: number;
}

/** A version goes out as its length, then its digits. */
function pushVersion(out: number[], v: Dewey): void {
  const d = v.digits;
  out.push(d.length);
  for (let i = 0; i < d.length; i++) out.push(d[i]);
}

class Encoder {
  private readonly events = new Map<BufferedEvent, number>();
  private readonly nodes = new Map<Node, number>();
  readonly out: RunStateJson;

  constructor() {
    this.out = { f: 2, seq: 0, ev: [], et: [], ep: [], nd: [], cs: [], done: null };
  }

  event(e: BufferedEvent): number {
    let i = this.events.get(e);
    if (i === undefined) {
      i = this.out.ev.length;
      this.events.set(e, i);
      this.out.ev.push(e.value);
      this.out.et.push(e.time, e.arrival);
      if (e.arrival >= this.out.seq) this.out.seq = e.arrival + 1;
      this.out.ep.push(e.pos);
    }
    return i;
  }

  /**
   * Numbers a node and, first, every node its edges reach, so that a decoder meets each edge's
   * target before the edge. Iterative: a path back can be as long as the match.
   */
  node(root: Node | null): number {
    if (root === null || !root.live) return -1;
    const known = this.nodes.get(root);
    if (known !== undefined) return known;
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const n = stack[stack.length - 1];
      if (this.nodes.has(n)) {
        stack.pop();
        continue;
      }
      let pending = false;
      for (const edge of edgesOf(n)) {
        const t = edge.target;
        if (t !== null && t.live && !this.nodes.has(t)) {
          stack.push(t);
          pending = true;
        }
      }
      if (pending) continue;
      stack.pop();
      this.write(n);
    }
    return this.nodes.get(root) as number;
  }

  private write(n: Node): void {
    this.nodes.set(n, this.nodes.size);
    const nd = this.out.nd;
    const edges = edgesOf(n);
    nd.push(this.event(n.event), n.step, n.refs, edges.length);
    for (const edge of edges) {
      const t = edge.target;
      nd.push(t === null || !t.live ? -1 : (this.nodes.get(t) as number), edge.refs);
      pushVersion(nd, edge.version);
    }
  }

  branch(cs: ComputationState, into: number[]): void {
    into.push(cs.state.id, this.node(cs.prev), cs.startEvent === null ? -1 : this.event(cs.startEvent));
    pushVersion(into, cs.version);
  }
}

export function encodeRunState(ks: KeyRunState): RunStateJson {
  const enc = new Encoder();
  for (const cs of ks.partial) enc.branch(cs, enc.out.cs);
  if (ks.completed !== null) {
    enc.out.done = ks.completed.map((c) => {
      const cs: number[] = [];
      enc.branch(c.cs, cs);
      return { cs, lists: c.lists.map((l) => l.map((e) => enc.event(e))), ctx: c.context };
    });
  }
  return enc.out;
}

/** Decodes into `into` (a key entry that is its own run state), or into a new run state. */
export function decodeRunState(json: RunStateJson | RunStateJsonV1, automaton: Automaton, into: KeyRunState = new KeyRunState()): KeyRunState {
  return 'f' in json && json.f === 2 ? decodeV2(json, automaton, into) : decodeV1(json as RunStateJsonV1, automaton, into);
}

function decodeV2(json: RunStateJson, automaton: Automaton, ks: KeyRunState): KeyRunState {
  const events: BufferedEvent[] = new Array(json.ev.length);
  for (let i = 0; i < events.length; i++) events[i] = heldEvent(json.ev[i], json.et[2 * i], json.ep[i], json.et[2 * i + 1], '');
  const nodes: Node[] = [];
  const nd = json.nd;
  let p = 0;
  while (p < nd.length) {
    const event = events[nd[p]];
    const step = nd[p + 1];
    const refs = nd[p + 2];
    const edgeCount = nd[p + 3];
    p += 4;
    const node: Node = { event, step, t0: null, v0: null, r0: 0, more: null, refs, live: true };
    for (let k = 0; k < edgeCount; k++) {
      const target = nd[p];
      const edgeRefs = nd[p + 1];
      const [version, next] = readVersion(nd, p + 2);
      p = next;
      addEdge(node, target < 0 ? null : nodes[target], version, edgeRefs);
    }
    nodes.push(node);
  }
  ks.size = nodes.length;
  const partial: ComputationState[] = [];
  for (let q = 0; q < json.cs.length; ) q = readBranch(json.cs, q, automaton, nodes, events, partial);
  ks.partial = partial;
  ks.completed = json.done === null
    ? null
    : json.done.map((d) => {
        const one: ComputationState[] = [];
        readBranch(d.cs, 0, automaton, nodes, events, one);
        return { cs: one[0], lists: d.lists.map((l) => l.map((i) => events[i])) as StepLists, context: d.ctx };
      });
  return ks;
}

function readVersion(xs: readonly number[], at: number): [Dewey, number] {
  const n = xs[at];
  return [Dewey.of(xs, at + 1, n), at + 1 + n];
}

/** Reads the branch at `at` into `into`; returns where the next one starts. */
function readBranch(xs: readonly number[], at: number, automaton: Automaton, nodes: Node[], events: BufferedEvent[], into: ComputationState[]): number {
  const [version, next] = readVersion(xs, at + 3);
  const n = xs[at + 1];
  const se = xs[at + 2];
  into.push({
    state: automaton.states[xs[at]],
    prev: n < 0 ? null : nodes[n],
    version,
    startEvent: se < 0 ? null : events[se],
  });
  return next;
}

function decodeV1(json: RunStateJsonV1, automaton: Automaton, ks: KeyRunState): KeyRunState {
  const events = json.events.map((e) => heldEvent(e.v, e.t, e.p, e.q, ''));
  const nodes: Node[] = json.nodes.map((n) => ({ event: events[n.e], step: n.s, t0: null, v0: null, r0: 0, more: null, refs: n.r, live: true }));
  json.nodes.forEach((n, i) => {
    const node = nodes[i];
    for (const e of n.edges) addEdge(node, e.t < 0 ? null : nodes[e.t], Dewey.of(e.v), e.r);
  });
  ks.size = nodes.length;
  const branch = (b: BranchJsonV1): ComputationState => ({
    state: automaton.states[b.s],
    prev: b.n < 0 ? null : nodes[b.n],
    version: Dewey.of(b.v),
    // b.st is the start event's time, and b.pt is not used (Flink's previousTimestamp)
    startEvent: b.se < 0 ? null : events[b.se],
  });
  ks.partial = json.cs.map(branch);
  ks.completed = json.done === null
    ? null
    : json.done.map((d) => ({ cs: branch(d.cs), lists: d.lists.map((l) => l.map((i) => events[i])) as StepLists, context: d.ctx }));
  return ks;
}

// ---- reading stored state without decoding it (a restored key is decoded when first touched) --

/** Open partial matches in stored state (the waiting start branch not counted). */
export function storedOpenCount(json: RunStateJson): number {
  let n = 0;
  for (let q = 0; q < json.cs.length; q = nextBranch(json.cs, q)) if (json.cs[q + 2] >= 0) n++;
  return n;
}

/** As KeyRunState.nextDeadline, on stored state. */
export function storedNextDeadline(json: RunStateJson, windowTime: number): number {
  if (windowTime <= 0) return Infinity;
  let min = Infinity;
  const cs = json.cs;
  for (let q = 0; q < cs.length; q = nextBranch(cs, q)) {
    const se = cs[q + 2];
    // a branch's start time is its first event's
    if (se >= 0 && json.et[2 * se] + windowTime < min) min = json.et[2 * se] + windowTime;
  }
  return min;
}

function nextBranch(cs: readonly number[], at: number): number {
  return at + 4 + cs[at + 3];
}

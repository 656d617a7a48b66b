// One key's automaton run state as plain JSON and back: branches, held-back matches, and the
// part of the shared buffer they reach (events, nodes, edges with their versions and reference
// counts), so a restored key continues exactly where it stopped.

import { BufferedEvent } from './buffered-event';
import type { Automaton } from './compile';
import { type ComputationState, startState } from './computation-state';
import { INITIAL_VERSION } from './dewey';
import type { Dewey } from './dewey';
import { KeyRunState } from './nfa';
import type { Node, StepLists } from './shared-buffer';

export interface RunStateJson {
  seq: number;
  /** branches in heap array order */
  cs: BranchJson[];
  done: { cs: BranchJson; lists: number[][]; ctx?: unknown }[] | null;
  events: { v: unknown; t: number; q: number; p: string }[];
  nodes: { e: number; s: number; r: number; edges: { t: number; v: Dewey; r: number }[] }[];
}

interface BranchJson {
  /** state index in the automaton */
  s: number;
  /** node index, -1 for none */
  n: number;
  v: Dewey;
  st: number;
  pt: number;
  /** event index of the first event, -1 for none */
  se: number;
}

export function encodeRunState(ks: KeyRunState): RunStateJson {
  const events = new Map<BufferedEvent, number>();
  const nodes = new Map<Node, number>();
  const out: RunStateJson = { seq: ks.seq, cs: [], done: null, events: [], nodes: [] };
  const eventIndex = (e: BufferedEvent): number => {
    let i = events.get(e);
    if (i === undefined) {
      i = out.events.length;
      events.set(e, i);
      out.events.push({ v: e.value, t: e.time, q: e.seq, p: e.pos });
    }
    return i;
  };
  const nodeIndex = (n: Node | null): number => {
    if (n === null || !n.live) return -1;
    let i = nodes.get(n);
    if (i !== undefined) return i;
    i = out.nodes.length;
    nodes.set(n, i);
    const json = { e: eventIndex(n.event), s: n.step, r: n.refs, edges: [] as RunStateJson['nodes'][number]['edges'] };
    out.nodes.push(json);
    for (const edge of n.edges) json.edges.push({ t: nodeIndex(edge.target), v: edge.version, r: edge.refs });
    return i;
  };
  const branch = (cs: ComputationState): BranchJson => ({
    s: cs.state.id,
    n: nodeIndex(cs.prev),
    v: cs.version,
    st: cs.startTime,
    pt: cs.prevTime,
    se: cs.startEvent === null ? -1 : eventIndex(cs.startEvent),
  });
  for (const cs of ks.partial) out.cs.push(branch(cs));
  if (ks.completed !== null) {
    out.done = ks.completed.map((c) => ({ cs: branch(c.cs), lists: c.lists.map((l) => l.map(eventIndex)), ctx: c.context }));
  }
  return out;
}

export function decodeRunState(json: RunStateJson, automaton: Automaton): KeyRunState {
  const ks = new KeyRunState(startState(automaton.start, INITIAL_VERSION));
  ks.seq = json.seq;
  const events = json.events.map((e) => new BufferedEvent(e.v, e.t, e.q, e.p));
  const nodes: Node[] = json.nodes.map((n) => ({ event: events[n.e], step: n.s, edges: [], refs: n.r, live: true }));
  json.nodes.forEach((n, i) => {
    const node = nodes[i];
    for (const e of n.edges) node.edges.push({ target: e.t < 0 ? null : nodes[e.t], version: e.v, refs: e.r });
    const ev = node.event;
    if (ev.nodes === null) ev.nodes = [];
    ev.nodes[node.step] = node;
  });
  ks.size = nodes.length;
  const branch = (b: BranchJson): ComputationState => ({
    state: automaton.states[b.s],
    prev: b.n < 0 ? null : nodes[b.n],
    version: b.v,
    startTime: b.st,
    prevTime: b.pt,
    startEvent: b.se < 0 ? null : events[b.se],
  });
  ks.partial = json.cs.map(branch);
  ks.completed = json.done === null
    ? null
    : json.done.map((d) => ({ cs: branch(d.cs), lists: d.lists.map((l) => l.map((i) => events[i])) as StepLists, context: d.ctx }));
  return ks;
}

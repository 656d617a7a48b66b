// The events of all partial matches of one key, shared between branches (Flink's SharedBuffer,
// after the SASE paper). A node is one event taken by one step; its edges point at the node of
// the previous event of some branch, tagged with that branch's Dewey version. Branches never copy
// their events: extracting a match walks edges compatible with the branch's version.
// Nodes and edges are reference counted exactly as in Flink, because which edges survive decides
// which path a later extraction finds.

import type { BufferedEvent } from './buffered-event';
import { type Dewey, isCompatibleWith } from './dewey';

export interface Edge {
  readonly target: Node | null;
  readonly version: Dewey;
  refs: number;
}

export interface Node {
  readonly event: BufferedEvent;
  readonly step: number;
  /**
   * The node's first edge, null once it has none; later edges, in the order they were added,
   * are in `more`. Almost every node has one edge: no array for it.
   */
  e0: Edge | null;
  more: Edge[] | null;
  refs: number;
  /** false once released: a removed node is never reached again */
  live: boolean;
}

/** The steps' events of one path, per step index, in time order. */
export type StepLists = BufferedEvent[][];

/**
 * One key's buffer. Nodes are reached only through branches and edges; this counts them. Flink
 * finds a node by (event, step) in a map, but only the event being processed is ever looked up
 * (only it is taken), so the caller keeps that lookup for the one event instead.
 */
export class SharedBuffer {
  size = 0;

  /**
   * Adds `event` as taken by `step` after `previous`: to `existing`, the node this event already
   * has for the step in this buffer (null when none), else to a new node. Returns the node.
   */
  put(step: number, event: BufferedEvent, previous: Node | null, version: Dewey, existing: Node | null): Node {
    if (previous !== null) this.lock(previous, version);
    const edge: Edge = { target: previous, version, refs: 0 };
    if (existing === null || !existing.live) {
      this.size++;
      return { event, step, e0: edge, more: null, refs: 0, live: true };
    }
    addEdge(existing, edge);
    return existing;
  }

  /** A holder (a computation state, or a newer node's edge) keeps `node` and its compatible edges. */
  lock(node: Node, version: Dewey): void {
    if (!node.live) return;
    node.refs++;
    const e0 = node.e0;
    if (e0 !== null && isCompatibleWith(version, e0.version)) e0.refs++;
    const more = node.more;
    if (more === null) return;
    for (let i = 0; i < more.length; i++) {
      if (isCompatibleWith(version, more[i].version)) more[i].refs++;
    }
  }

  /** Drops one hold on `node`; nodes and edges nobody holds any more are removed, recursively. */
  release(node: Node | null, version: Dewey): void {
    if (node === null) return;
    // a depth-first walk on a scratch stack shared by every buffer (release never re-enters)
    const nodes = releaseNodes;
    const versions = releaseVersions;
    let depth = 0;
    let cur: Node = node;
    let curVersion: Dewey = version;
    for (;;) {
      // Flink stops the whole walk when it meets a node already removed
      if (!cur.live) break;
      const e0 = cur.e0;
      if (e0 !== null && isCompatibleWith(curVersion, e0.version) && releaseCount(e0)) {
        if (e0.target !== null) {
          nodes[depth] = e0.target;
          versions[depth++] = e0.version;
        }
        cur.e0 = null;
      }
      const more = cur.more;
      if (more !== null) {
        let w = 0;
        for (let i = 0; i < more.length; i++) {
          const edge = more[i];
          if (isCompatibleWith(curVersion, edge.version) && releaseCount(edge)) {
            if (edge.target !== null) {
              nodes[depth] = edge.target;
              versions[depth++] = edge.version;
            }
            continue;
          }
          more[w++] = edge;
        }
        if (w !== more.length) more.length = w;
      }
      if (cur.e0 === null && more !== null) {
        // keep the first remaining edge in e0, so `more` is never used without it
        cur.e0 = more.length > 0 ? (more.shift() as Edge) : null;
        if (more.length === 0) cur.more = null;
      }
      if (releaseCount(cur)) this.remove(cur);
      if (depth === 0) return;
      cur = nodes[--depth];
      curVersion = versions[depth];
    }
    // stopped early: drop what the scratch still holds
    while (depth > 0) {
      nodes[--depth] = node;
      versions[depth] = version;
    }
  }

  private remove(node: Node): void {
    node.live = false;
    this.size--;
  }

  /**
   * Every path back from `node` compatible with `version`, depth first with the last compatible
   * edge explored first, as Flink's extractPatterns: callers take the first.
   */
  extractPaths(node: Node, version: Dewey, stepCount: number): StepLists[] {
    const result: StepLists[] = [];
    const stack: { node: Node | null; version: Dewey; path: Node[] }[] = [{ node, version, path: [] }];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (cur.node === null) {
        result.push(toStepLists(cur.path, stepCount));
        continue;
      }
      const path = cur.path;
      path.push(cur.node);
      let first = true;
      for (const edge of edgesOf(cur.node)) {
        if (!isCompatibleWith(cur.version, edge.version)) continue;
        const nextPath = first ? path : path.slice();
        first = false;
        const target = edge.target !== null && edge.target.live ? edge.target : null;
        stack.push({ node: target, version: edge.version, path: nextPath });
      }
    }
    return result;
  }

  /** The first path back from `node` (Flink's extractPatterns(...).get(0)), or empty lists. */
  extract(node: Node | null, version: Dewey, stepCount: number): StepLists {
    if (node === null) return emptyLists(stepCount);
    // a branch's path is unique (Flink asserts so for partial matches): walk it without the
    // search's bookkeeping, taking the last compatible edge at each node as the search would
    const path: Node[] = [];
    let cur: Node | null = node;
    let v = version;
    while (cur !== null) {
      path.push(cur);
      let next: Edge | null = null;
      let count = 0;
      const e0: Edge | null = cur.e0;
      if (e0 !== null && isCompatibleWith(v, e0.version)) {
        next = e0;
        count++;
      }
      const more: Edge[] | null = cur.more;
      if (more !== null) {
        for (let i = 0; i < more.length; i++) {
          if (isCompatibleWith(v, more[i].version)) {
            next = more[i];
            count++;
          }
        }
      }
      if (count > 1) {
        const paths = this.extractPaths(node, version, stepCount);
        return paths.length > 0 ? paths[0] : emptyLists(stepCount);
      }
      if (next === null) break;
      v = next.version;
      cur = next.target !== null && next.target.live ? next.target : null;
    }
    return toStepLists(path, stepCount);
  }
}

// release's walk stack; slots are overwritten as it goes (nodes are small, so stale slots keep
// little alive)
/** Appends an edge after the node's existing ones. */
export function addEdge(node: Node, edge: Edge): void {
  if (node.e0 === null) node.e0 = edge;
  else if (node.more === null) node.more = [edge];
  else node.more.push(edge);
}

/** The node's edges in the order they were added (a new array: not for hot paths). */
export function edgesOf(node: Node): Edge[] {
  if (node.e0 === null) return [];
  return node.more === null ? [node.e0] : [node.e0, ...node.more];
}

const releaseNodes: Node[] = [];
const releaseVersions: Dewey[] = [];

/** Flink's Lockable.release: true when nothing holds it any more. */
function releaseCount(x: { refs: number }): boolean {
  if (x.refs <= 0) return true;
  x.refs -= 1;
  return x.refs === 0;
}

function emptyLists(stepCount: number): StepLists {
  const out: StepLists = new Array(stepCount);
  for (let i = 0; i < stepCount; i++) out[i] = [];
  return out;
}

/** `path` runs from the newest node back to the oldest. */
function toStepLists(path: Node[], stepCount: number): StepLists {
  const out = emptyLists(stepCount);
  for (let i = path.length - 1; i >= 0; i--) out[path[i].step].push(path[i].event);
  return out;
}

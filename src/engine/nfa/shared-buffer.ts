// The events of all partial matches of one key, shared between branches (Flink's SharedBuffer,
// after the SASE paper). A node is one event taken by one step; its edges point at the node of
// the previous event of some branch, tagged with that branch's Dewey version. Branches never copy
// their events: extracting a match walks edges compatible with the branch's version.
// Nodes and edges are reference counted exactly as in Flink, because which edges survive decides
// which path a later extraction finds.

import type { BufferedEvent } from './buffered-event';
import { type Dewey, isCompatibleWith } from './dewey';

/** A node's second and later edges (the first is kept inline in the node). */
export interface Edge {
  readonly target: Node | null;
  readonly version: Dewey;
  refs: number;
}

export interface Node {
  readonly event: BufferedEvent;
  readonly step: number;
  /**
   * The node's first edge, inline, as its target (t0), version (v0: null once the node has no
   * edge) and reference count (r0): almost every node has exactly one edge, so no object for it.
   * Later edges, in the order they were added, are in `more`, never used while v0 is null.
   */
  t0: Node | null;
  v0: Dewey | null;
  r0: number;
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
    if (existing === null || !existing.live) {
      this.size++;
      return { event, step, t0: previous, v0: version, r0: 0, more: null, refs: 0, live: true };
    }
    addEdge(existing, previous, version, 0);
    return existing;
  }

  /** A holder (a computation state, or a newer node's edge) keeps `node` and its compatible edges. */
  lock(node: Node, version: Dewey): void {
    if (!node.live) return;
    node.refs++;
    const v0 = node.v0;
    if (v0 !== null && isCompatibleWith(version, v0)) node.r0++;
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
      const v0 = cur.v0;
      if (v0 !== null && isCompatibleWith(curVersion, v0) && releaseFirst(cur)) {
        if (cur.t0 !== null) {
          nodes[depth] = cur.t0;
          versions[depth++] = v0;
        }
        cur.t0 = null;
        cur.v0 = null;
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
      if (cur.v0 === null && more !== null) {
        // keep the first remaining edge inline, so `more` is never used without it
        const first = more.shift();
        if (first !== undefined) {
          cur.t0 = first.target;
          cur.v0 = first.version;
          cur.r0 = first.refs;
        }
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
      let nextTarget: Node | null = null;
      let nextVersion: Dewey | null = null;
      let count = 0;
      const v0: Dewey | null = cur.v0;
      if (v0 !== null && isCompatibleWith(v, v0)) {
        nextTarget = cur.t0;
        nextVersion = v0;
        count++;
      }
      const more: Edge[] | null = cur.more;
      if (more !== null) {
        for (let i = 0; i < more.length; i++) {
          if (isCompatibleWith(v, more[i].version)) {
            nextTarget = more[i].target;
            nextVersion = more[i].version;
            count++;
          }
        }
      }
      if (count > 1) {
        const paths = this.extractPaths(node, version, stepCount);
        return paths.length > 0 ? paths[0] : emptyLists(stepCount);
      }
      if (nextVersion === null) break;
      v = nextVersion;
      cur = nextTarget !== null && nextTarget.live ? nextTarget : null;
    }
    return toStepLists(path, stepCount);
  }
}

// release's walk stack; slots are overwritten as it goes (nodes are small, so stale slots keep
// little alive)
/** Appends an edge after the node's existing ones. */
export function addEdge(node: Node, target: Node | null, version: Dewey, refs: number): void {
  if (node.v0 === null) {
    node.t0 = target;
    node.v0 = version;
    node.r0 = refs;
  } else if (node.more === null) node.more = [{ target, version, refs }];
  else node.more.push({ target, version, refs });
}

/** The node's edges in the order they were added, as objects (new ones: not for hot paths). */
export function edgesOf(node: Node): Edge[] {
  if (node.v0 === null) return [];
  const first: Edge = { target: node.t0, version: node.v0, refs: node.r0 };
  return node.more === null ? [first] : [first, ...node.more];
}

const releaseNodes: Node[] = [];
const releaseVersions: Dewey[] = [];

/** Flink's Lockable.release: true when nothing holds it any more. */
function releaseCount(x: { refs: number }): boolean {
  if (x.refs <= 0) return true;
  x.refs -= 1;
  return x.refs === 0;
}

/** releaseCount for a node's inline first edge. */
function releaseFirst(node: Node): boolean {
  if (node.r0 <= 0) return true;
  node.r0 -= 1;
  return node.r0 === 0;
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

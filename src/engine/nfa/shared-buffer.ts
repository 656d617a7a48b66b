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
  readonly edges: Edge[];
  refs: number;
  /** false once released: a removed node is never reached again */
  live: boolean;
}

/** The steps' events of one path, per step index, in time order. */
export type StepLists = BufferedEvent[][];

export class SharedBuffer {
  /** live nodes by event and step: one node per (event, step), as Flink's NodeId */
  private readonly nodes = new Map<BufferedEvent, Node[]>();
  private nodeCount = 0;

  get size(): number {
    return this.nodeCount;
  }

  put(step: number, event: BufferedEvent, previous: Node | null, version: Dewey): Node {
    if (previous !== null) this.lock(previous, version);
    let byStep = this.nodes.get(event);
    if (byStep === undefined) {
      byStep = [];
      this.nodes.set(event, byStep);
    }
    let node = byStep[step];
    if (node === undefined || !node.live) {
      node = { event, step, edges: [], refs: 0, live: true };
      byStep[step] = node;
      this.nodeCount++;
    }
    node.edges.push({ target: previous, version, refs: 0 });
    return node;
  }

  /** A holder (a computation state, or a newer node's edge) keeps `node` and its compatible edges. */
  lock(node: Node, version: Dewey): void {
    if (!node.live) return;
    node.refs++;
    for (const edge of node.edges) {
      if (isCompatibleWith(version, edge.version)) edge.refs++;
    }
  }

  /** Drops one hold on `node`; nodes and edges nobody holds any more are removed, recursively. */
  release(node: Node | null, version: Dewey): void {
    const nodes: Node[] = [];
    const versions: Dewey[] = [];
    if (node === null) return;
    nodes.push(node);
    versions.push(version);
    while (nodes.length > 0) {
      const cur = nodes.pop() as Node;
      // Flink stops the whole walk when it meets a node already removed
      if (!cur.live) break;
      const curVersion = versions.pop() as Dewey;
      const edges = cur.edges;
      let w = 0;
      for (let i = 0; i < edges.length; i++) {
        const edge = edges[i];
        let keep = true;
        if (isCompatibleWith(curVersion, edge.version) && releaseCount(edge)) {
          keep = false;
          if (edge.target !== null) {
            nodes.push(edge.target);
            versions.push(edge.version);
          }
        }
        if (keep) edges[w++] = edge;
      }
      edges.length = w;
      if (releaseCount(cur)) this.remove(cur);
    }
  }

  private remove(node: Node): void {
    node.live = false;
    this.nodeCount--;
    const byStep = this.nodes.get(node.event);
    if (byStep === undefined) return;
    if (byStep[node.step] === node) byStep[node.step] = undefined as unknown as Node;
    if (byStep.every((n) => n === undefined || !n.live)) this.nodes.delete(node.event);
  }

  /**
   * Every path back from `node` compatible with `version`, depth first with the last compatible
   * edge explored first, as Flink's extractPatterns: callers take the first.
   */
  extractPaths(node: Node, version: Dewey, stepCount: number): StepLists[] {
    const result: StepLists[] = [];
    const stack: { node: Node | null; version: Dewey; path: Node[] }[] = [
      { node, version, path: [] },
    ];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (cur.node === null) {
        result.push(toStepLists(cur.path, stepCount));
        continue;
      }
      const path = cur.path;
      path.push(cur.node);
      let first = true;
      for (const edge of cur.node.edges) {
        if (!isCompatibleWith(cur.version, edge.version)) continue;
        const nextPath = first ? path : path.slice();
        first = false;
        const target = edge.target !== null && edge.target.live ? edge.target : null;
        stack.push({ node: target, version: edge.version, path: nextPath });
      }
    }
    return result;
  }

  /** The first path back from `node`, or empty lists. */
  extract(node: Node | null, version: Dewey, stepCount: number): StepLists {
    if (node === null) return emptyLists(stepCount);
    const paths = this.extractPaths(node, version, stepCount);
    return paths.length > 0 ? paths[0] : emptyLists(stepCount);
  }
}

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

// Which topics the instance consumes and what each topic's tasks do with a record. The rules of a
// source are grouped by their key. A source whose topic has one partition, or is partitioned by
// the rules' key, is read directly: each partition's task runs the rules. Otherwise (Kafka
// Streams' repartitioning) the source topic's tasks only route: each record goes, keyed by the
// rule key, to an internal topic `<group>.repartition.<source>.<key>` with as many partitions,
// and that topic's tasks run the rules, so all events of a key meet in one task.
//
// Watermarks cross the repartition topic as marks: after each batch a routing task sends every
// partition of the repartition topic the highest event time it has seen, so a repartition task's
// watermark is the minimum over the source partitions even for keys that send it nothing.
//
// How a topic is partitioned is declared with CEPHEUS_PARTITIONED_BY (`tx=user;clicks=session.id`).
// Undeclared, a multi-partition topic read by rules of a single key is taken to be partitioned by
// it (records keyed by it with the default partitioner); rules of several keys, or without a key,
// on a multi-partition topic are always repartitioned.

import { createHash } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { type KeyOf, keyExtractor } from '../engine/keys';
import type { PathSeg } from '../lang/ast';
import { keyPathsOf, keyText } from './key-paths';

export interface Route {
  /** the repartition topic */
  topic: string;
  /** its partition count (the source topic's) */
  partitions: number;
  source: string;
  keyOf: (event: unknown) => KeyOf;
  /** the source's event-time field, for the watermark marks sent along */
  timePath: readonly PathSeg[];
}

export interface Input {
  topic: string;
  kind: 'source' | 'repartition';
  /** the engine sources this topic feeds, and the rules its tasks run */
  feeds: { source: string; rules: string[] }[];
  /** non-empty: the topic's tasks route records to repartition topics and run no rules */
  routes: Route[];
  /** repartition topic: the partition count of the source topic its records come from */
  origins: number;
}

export interface Topology {
  inputs: Map<string, Input>;
  /** repartition topics to create, with their partition counts */
  internal: { topic: string; partitions: number }[];
}

export interface TopologyOptions {
  groupId: string;
  /** source → its topic's partitioning key text (keyText) */
  partitionedBy: ReadonlyMap<string, string>;
  partitions: (topic: string) => number;
}

export function buildTopology(template: Engine, o: TopologyOptions): Topology {
  const inputs = new Map<string, Input>();
  const internal: Topology['internal'] = [];
  const bySource = [...template.sources.values()].filter((s) => s.rules.length > 0);
  const routedTopics = new Set(bySource.filter((s) => needsRepartition(template, s.spec.name, s.spec.topic, o)).map((s) => s.spec.topic));
  for (const src of bySource) {
    const topic = src.spec.topic;
    const input = inputOf(inputs, topic, 'source');
    const groups = keyGroups(template, src.spec.name);
    if (!routedTopics.has(topic)) {
      input.feeds.push({ source: src.spec.name, rules: [...groups.values()].flatMap((g) => g.rules) });
      continue;
    }
    for (const [key, g] of groups) {
      const target = repartitionTopic(o.groupId, src.spec.name, key);
      input.routes.push({ topic: target, partitions: o.partitions(topic), source: src.spec.name, keyOf: keyExtractor(g.paths.length === 0 ? null : g.paths), timePath: src.spec.timePath });
      const r = inputOf(inputs, target, 'repartition');
      r.feeds.push({ source: src.spec.name, rules: g.rules });
      r.origins = o.partitions(topic);
      internal.push({ topic: target, partitions: o.partitions(topic) });
    }
  }
  return { inputs, internal };
}

function needsRepartition(template: Engine, source: string, topic: string, o: TopologyOptions): boolean {
  if (o.partitions(topic) <= 1) return false;
  const keys = [...keyGroups(template, source).keys()];
  const declared = o.partitionedBy.get(source);
  if (declared !== undefined) return keys.some((k) => k !== declared);
  return keys.length !== 1 || keys[0] === '';
}

function keyGroups(template: Engine, source: string): Map<string, { paths: readonly PathSeg[][]; rules: string[] }> {
  const groups = new Map<string, { paths: readonly PathSeg[][]; rules: string[] }>();
  for (const rt of template.runtimes.values()) {
    if (rt.rule.source !== source) continue;
    const paths = keyPathsOf(rt.rule);
    const k = keyText(paths);
    const g = groups.get(k) ?? { paths, rules: [] };
    g.rules.push(rt.rule.name);
    groups.set(k, g);
  }
  return groups;
}

function inputOf(inputs: Map<string, Input>, topic: string, kind: Input['kind']): Input {
  let i = inputs.get(topic);
  if (i === undefined) inputs.set(topic, (i = { topic, kind, feeds: [], routes: [], origins: 0 }));
  return i;
}

/** `<group>.repartition.<source>.<key>`, the key cut to topic-name characters and made unique by a hash. */
export function repartitionTopic(groupId: string, source: string, key: string): string {
  const safe = (key === '' ? 'global' : key).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${groupId}.repartition.${source}.${safe}-${hash}`;
}

/** CEPHEUS_PARTITIONED_BY: `source=path[,path];...` → source → key text. */
export function parsePartitionedBy(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of (text ?? '').split(/[;\s]+/).filter((e) => e.length > 0)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`"${entry}" is not source=field[,field]`);
    out.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return out;
}

// Taking over an input partition (at start, or when the group assigns it): claim its snapshot in
// Redis (which fences the previous owner's writes), load its keys into the engine with the
// partition's source state, and say where to resume. A rule whose version changed since the
// snapshot keeps its keys when its state signature is the same (LANGUAGE.md 12); the engine
// decides that, as for a reload.

import type { Engine, PartitionState, RuleStateJson } from '../engine/engine';
import type { RedisTaskStore } from '../io/redis/task-store';
import type { TopicPartition } from '../io/kafka/consumer';
import { runtimesOfTopic, sourcesOfTopic } from './engine-parts';
import { Task } from './task';
import { type ParsedMeta, parseMeta } from './task-meta';

export interface Restored {
  task: Task;
  meta: ParsedMeta;
  keys: number;
  ms: number;
}

export async function restoreTask(engine: Engine, store: RedisTaskStore, tp: TopicPartition): Promise<Restored> {
  const started = Date.now();
  const claimed = await store.claim(tp);
  const task = new Task(tp.topic, tp.partition, claimed.gen);
  const meta = parseMeta(claimed.meta, task.key);
  const byRule = new Map<string, RuleStateJson>();
  const partition = task.enginePartition;
  const keys = await store.readState(tp, (rule, version, key, json) => {
    let r = byRule.get(`${rule}:${version}`);
    if (r === undefined) {
      const rt = engine.runtimes.get(rule);
      // counters stay this instance's own: importRule copies them, so hand it the current ones
      const counters = rt !== undefined ? { ...rt.counters } : { events: 0, matches: 0, timeouts: 0, late: 0, dropped: 0 };
      r = { name: rule, version, stateSignature: meta.versions.get(rule)?.sig ?? '', counters, keys: [] };
      byRule.set(`${rule}:${version}`, r);
    }
    r.keys.push([key, JSON.parse(json), partition]);
  });
  for (const source of sourcesOfTopic(engine, tp.topic)) {
    const rules = [...byRule.values()].filter((r) => engine.runtimes.get(r.name)?.rule.source === source);
    const sourceState = meta.sources.get(source) ?? { partition, max: null, queued: [], arrival: 0 };
    const state: PartitionState = { source, partition, sourceState: { ...sourceState, partition }, rules };
    engine.importPartition(state);
  }
  task.versions = storedVersionsAfterImport(engine, tp.topic, meta, byRule);
  for (const [source, s] of meta.sources) task.sourceJson.set(source, JSON.stringify(s));
  task.next = meta.offset;
  task.savedOffset = meta.offset;
  return { task, meta, keys, ms: Date.now() - started };
}

/**
 * What the state hash holds after the import, as the snapshot writer must see it: rules whose
 * stored version differs from the running one are rewritten under the new version at the next
 * snapshot (and the old fields deleted), so they are recorded with their stored version here.
 */
function storedVersionsAfterImport(engine: Engine, topic: string, meta: ParsedMeta, byRule: Map<string, RuleStateJson>) {
  const versions = new Map(meta.versions);
  for (const r of byRule.values()) if (!versions.has(r.name)) versions.set(r.name, { version: r.version, sig: r.stateSignature });
  for (const rt of runtimesOfTopic(engine, topic)) {
    if (!versions.has(rt.rule.name)) versions.set(rt.rule.name, { version: rt.rule.version, sig: rt.rule.stateSignature });
  }
  return versions;
}

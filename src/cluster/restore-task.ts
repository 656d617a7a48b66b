// Taking over an input partition (at start, or when the group assigns it): claim its snapshot in
// Redis (which fences the previous owner's writes), load it into a fresh engine for the task, and
// say where to resume. A rule whose version changed since the snapshot keeps its keys when its
// state signature is the same (LANGUAGE.md 12): the engine's importState decides, as for a reload.

import type { Engine, EngineState, RuleStateJson } from '../engine/engine';
import type { TopicPartition } from '../io/kafka/consumer';
import type { RedisTaskStore } from '../io/redis/task-store';
import { Task } from './task';
import type { Input } from './topology';
import { type ParsedMeta, parseMeta } from './task-meta';

export interface Restored {
  task: Task;
  meta: ParsedMeta;
  keys: number;
  ms: number;
}

const ZERO = { events: 0, matches: 0, timeouts: 0, late: 0, dropped: 0 };

export async function restoreTask(store: RedisTaskStore, tp: TopicPartition, input: Input, newEngine: (t: Task) => Engine): Promise<Restored> {
  const started = Date.now();
  const claimed = await store.claim(tp);
  const task = new Task(tp.topic, tp.partition, claimed.gen, input);
  task.engine = newEngine(task);
  const meta = parseMeta(claimed.meta, task.key);
  const byRule = new Map<string, RuleStateJson>();
  const keys = await store.readState(tp, (rule, version, key, json) => {
    let r = byRule.get(`${rule}:${version}`);
    if (r === undefined) {
      r = { name: rule, version, stateSignature: meta.versions.get(rule)?.sig ?? '', counters: { ...ZERO }, keys: [] };
      byRule.set(`${rule}:${version}`, r);
    }
    r.keys.push([key, JSON.parse(json), '']);
  });
  const state: EngineState = { format: 1, sources: [...meta.sources.values()], rules: [...byRule.values()] };
  task.engine.importState(state);
  task.versions = storedVersions(task, meta, byRule);
  for (const [source, s] of meta.sources) task.sourceJson.set(source, JSON.stringify(s));
  task.origins = meta.origins;
  task.next = meta.offset;
  task.savedOffset = meta.offset;
  return { task, meta, keys, ms: Date.now() - started };
}

/**
 * What the state hash holds, as the snapshot writer must see it: a rule whose stored version
 * differs from the running one is rewritten under the new version at the next snapshot (and the
 * old fields deleted), so it is recorded with its stored version here.
 */
function storedVersions(task: Task, meta: ParsedMeta, byRule: Map<string, RuleStateJson>) {
  const versions = new Map(meta.versions);
  for (const r of byRule.values()) if (!versions.has(r.name)) versions.set(r.name, { version: r.version, sig: r.stateSignature });
  for (const rt of task.engine.runtimes.values()) {
    if (!versions.has(rt.rule.name)) versions.set(rt.rule.name, { version: rt.rule.version, sig: rt.rule.stateSignature });
  }
  return versions;
}

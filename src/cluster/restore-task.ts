// Taking over an input partition (at start, or when the group assigns it): claim its snapshot in
// Redis (which fences the previous owner's writes), load it into a fresh engine for the task, and
// say where to resume. A rule whose version changed since the snapshot keeps its keys when its
// state signature is the same (LANGUAGE.md 12): the engine's importState decides, as for a reload.

import type { Engine, RuleStateJson } from '../engine/engine';
import type { TopicPartition } from '../io/kafka/consumer';
import type { RedisTaskStore, StateEntry } from '../io/redis/task-store';
import { type StoredVersion, Task } from './task';
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
  // sources first (watermarks, queued events), then the keys chunk by chunk as Redis sends them
  // (parsed and dropped at once: a million partial matches never sit in memory twice), then the
  // keys' deadlines re-armed against the restored watermark
  task.engine.importState({ format: 1, sources: [...meta.sources.values()], rules: [] });
  const seen = new Map<string, StoredVersion>();
  const keys = await store.readState(tp, (entries) => importChunk(task.engine, meta, entries, seen));
  task.engine.importState({ format: 1, sources: [], rules: [] });
  task.versions = storedVersions(task, meta, seen);
  for (const [source, s] of meta.sources) task.sourceJson.set(source, JSON.stringify(s));
  task.origins = meta.origins;
  task.next = meta.offset;
  task.savedOffset = meta.offset;
  return { task, meta, keys, ms: Date.now() - started };
}

/** One HSCAN reply's keys into the engine, grouped by rule version. */
function importChunk(engine: Engine, meta: ParsedMeta, entries: readonly StateEntry[], seen: Map<string, StoredVersion>): void {
  const byRule = new Map<string, RuleStateJson>();
  for (const e of entries) {
    let r = byRule.get(`${e.rule}:${e.version}`);
    if (r === undefined) {
      r = { name: e.rule, version: e.version, stateSignature: meta.versions.get(e.rule)?.sig ?? '', counters: { ...ZERO }, keys: [] };
      byRule.set(`${e.rule}:${e.version}`, r);
      if (!seen.has(e.rule)) seen.set(e.rule, { version: e.version, sig: r.stateSignature });
    }
    r.keys.push([e.key, JSON.parse(e.json), '']);
  }
  for (const r of byRule.values()) engine.importRule(r);
}

/**
 * What the state hash holds, as the snapshot writer must see it: a rule whose stored version
 * differs from the running one is rewritten under the new version at the next snapshot (and the
 * old fields deleted), so it is recorded with its stored version here.
 */
function storedVersions(task: Task, meta: ParsedMeta, seen: Map<string, StoredVersion>) {
  const versions = new Map(meta.versions);
  for (const [rule, v] of seen) if (!versions.has(rule)) versions.set(rule, v);
  for (const rt of task.engine.runtimes.values()) {
    if (!versions.has(rt.rule.name)) versions.set(rt.rule.name, { version: rt.rule.version, sig: rt.rule.stateSignature });
  }
  return versions;
}

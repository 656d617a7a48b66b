// What a snapshot writes for each task, from the engine's dirty keys: only keys changed since the
// previous snapshot (deleted ones removed, so state of keys that can no longer match does not
// linger), the partition's source state when it changed, and the next offset it all covers.
// A rule whose version changed (hot reload, or a restart with new rules) is rewritten whole under
// its new version and its old fields deleted; a removed rule's fields are deleted.

import type { Engine, RuleStateJson } from '../engine/engine';
import { ruleVersionPrefix, stateField } from '../io/redis/keys';
import type { RedisTaskStore, TaskWrite } from '../io/redis/task-store';
import { runtimesOfTopic, sourcesOfTopic, topicOfRule } from './engine-parts';
import type { StoredVersion, Task } from './task';
import { versionsJson } from './task-meta';

export interface PreparedSave {
  task: Task;
  write: TaskWrite;
  /** the offset this save covers */
  offset: number;
  versions: Map<string, StoredVersion>;
  sourceJson: Map<string, string>;
}

interface Draft {
  set: Map<string, string>;
  del: Set<string>;
  meta: Record<string, string>;
}

/** Groups the dirty keys by task: field → JSON text, or a deletion. */
export function draftsFromDirty(engine: Engine, tasks: ReadonlyMap<string, Task>, dirty: readonly RuleStateJson[]): Map<Task, Draft> {
  const drafts = new Map<Task, Draft>();
  for (const r of dirty) {
    if (r.keys.length === 0) continue;
    const topic = topicOfRule(engine, r.name);
    for (const [key, json, partition] of r.keys) {
      const task = tasks.get(`${topic}/${partition}`);
      if (task === undefined) continue;
      const d = draftOf(drafts, task);
      const field = stateField(r.name, r.version, key);
      if (json === null) {
        d.set.delete(field);
        d.del.add(field);
      } else {
        d.del.delete(field);
        d.set.set(field, JSON.stringify(json));
      }
    }
  }
  return drafts;
}

/** Completes each task's draft (versions, source state, offset, extra meta) into a save. */
export async function prepareSaves(
  engine: Engine,
  store: RedisTaskStore,
  tasks: ReadonlyMap<string, Task>,
  drafts: Map<Task, Draft>,
  extraMeta: (t: Task) => Record<string, string>,
): Promise<PreparedSave[]> {
  const saves: PreparedSave[] = [];
  for (const task of tasks.values()) {
    const d = draftOf(drafts, task);
    const versions = await reconcileVersions(engine, store, task, d);
    const sourceJson = new Map(task.sourceJson);
    for (const source of sourcesOfTopic(engine, task.topic)) {
      const json = JSON.stringify(engine.sources.get(source)?.exportPartition(task.enginePartition));
      if (json !== task.sourceJson.get(source)) {
        d.meta[`src:${source}`] = json;
        sourceJson.set(source, json);
      }
    }
    if (task.next >= 0 && task.next !== task.savedOffset) d.meta.offset = String(task.next);
    const vj = versionsJson(versions);
    if (vj !== versionsJson(task.versions)) d.meta.versions = vj;
    Object.assign(d.meta, extraMeta(task));
    if (d.set.size === 0 && d.del.size === 0 && Object.keys(d.meta).length === 0) continue;
    d.meta.takenAt = String(Date.now());
    saves.push({
      task,
      write: { meta: d.meta, set: [...d.set], del: [...d.del] },
      offset: task.next >= 0 ? task.next : task.savedOffset,
      versions,
      sourceJson,
    });
  }
  return saves;
}

/** After a successful save: the task knows what its snapshot now holds. */
export function applySaved(s: PreparedSave): void {
  s.task.savedOffset = s.offset;
  s.task.versions = s.versions;
  s.task.sourceJson = s.sourceJson;
}

async function reconcileVersions(engine: Engine, store: RedisTaskStore, task: Task, d: Draft): Promise<Map<string, StoredVersion>> {
  const versions = new Map(task.versions);
  const running = runtimesOfTopic(engine, task.topic);
  for (const rt of running) {
    const stored = task.versions.get(rt.rule.name);
    if (stored?.version === rt.rule.version) continue;
    for (const key of rt.keyTexts()) {
      if (rt.keyPartition(key) !== task.enginePartition) continue;
      const field = stateField(rt.rule.name, rt.rule.version, key);
      d.del.delete(field);
      d.set.set(field, JSON.stringify(rt.exportKey(key)));
    }
    if (stored !== undefined) for (const f of await store.fieldsWithPrefix(task, ruleVersionPrefix(rt.rule.name, stored.version))) d.del.add(f);
    versions.set(rt.rule.name, { version: rt.rule.version, sig: rt.rule.stateSignature });
  }
  const names = new Set(running.map((rt) => rt.rule.name));
  for (const [rule, stored] of task.versions) {
    if (names.has(rule)) continue;
    for (const f of await store.fieldsWithPrefix(task, ruleVersionPrefix(rule, stored.version))) d.del.add(f);
    versions.delete(rule);
  }
  return versions;
}

function draftOf(drafts: Map<Task, Draft>, task: Task): Draft {
  let d = drafts.get(task);
  if (d === undefined) {
    d = { set: new Map(), del: new Set(), meta: {} };
    drafts.set(task, d);
  }
  return d;
}

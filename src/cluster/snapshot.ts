// What a snapshot writes for a task, from its engine's dirty keys: only keys changed since the
// previous snapshot (deleted ones removed, so state of keys that can no longer match does not
// linger), the source state when it changed, and the next offset it all covers.
// A rule whose version changed (hot reload, or a restart with new rules) is rewritten whole under
// its new version and its old fields deleted; a removed rule's fields are deleted.

import { ruleVersionPrefix, stateField } from '../io/redis/keys';
import type { RedisTaskStore, TaskWrite } from '../io/redis/task-store';
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

export interface Draft {
  set: Map<string, string>;
  del: Set<string>;
}

/**
 * The task's changed keys as field → JSON text or deletion. Synchronous with takeDirty: the
 * engine's key state is live (window state is shared), so it is serialised before anything runs.
 */
export function takeDraft(task: Task): Draft {
  const d: Draft = { set: new Map(), del: new Set() };
  for (const r of task.engine.takeDirty()) {
    for (const [key, json] of r.keys) {
      const field = stateField(r.name, r.version, key);
      if (json === null) d.del.add(field);
      else d.set.set(field, JSON.stringify(json));
    }
  }
  fullRewrites(task, d);
  return d;
}

/** Rules whose running version is not the stored one: every key of theirs, under the new version. */
function fullRewrites(task: Task, d: Draft): void {
  for (const rt of task.engine.runtimes.values()) {
    if (task.versions.get(rt.rule.name)?.version === rt.rule.version) continue;
    for (const key of rt.keyTexts()) {
      const field = stateField(rt.rule.name, rt.rule.version, key);
      d.del.delete(field);
      d.set.set(field, JSON.stringify(rt.exportKey(key)));
    }
  }
}

/** Completes a draft (old versions' fields, source state, offset, extra meta) into a save, or null if nothing changed. */
export async function prepareSave(store: RedisTaskStore, task: Task, d: Draft, extraMeta: (t: Task) => Record<string, string>): Promise<PreparedSave | null> {
  const versions = new Map(task.versions);
  const running = new Map([...task.engine.runtimes.values()].map((rt) => [rt.rule.name, rt.rule]));
  for (const [rule, stored] of task.versions) {
    const now = running.get(rule);
    if (now?.version === stored.version) continue;
    for (const f of await store.fieldsWithPrefix(task, ruleVersionPrefix(rule, stored.version))) if (!d.set.has(f)) d.del.add(f);
    versions.delete(rule);
  }
  for (const rule of running.values()) versions.set(rule.name, { version: rule.version, sig: rule.stateSignature });
  const meta: Record<string, string> = {};
  const sourceJson = new Map(task.sourceJson);
  for (const src of task.engine.sources.values()) {
    const json = JSON.stringify(src.exportState());
    if (json === task.sourceJson.get(src.spec.name)) continue;
    meta[`src:${src.spec.name}`] = json;
    sourceJson.set(src.spec.name, json);
  }
  if (task.next >= 0 && task.next !== task.savedOffset) meta.offset = String(task.next);
  if (task.origins.size > 0) meta.origins = JSON.stringify(Object.fromEntries(task.origins));
  const vj = versionsJson(versions);
  if (vj !== versionsJson(task.versions)) meta.versions = vj;
  Object.assign(meta, extraMeta(task));
  if (d.set.size === 0 && d.del.size === 0 && Object.keys(meta).length === 0) return null;
  meta.takenAt = String(Date.now());
  return {
    task,
    write: { meta, set: [...d.set], del: [...d.del] },
    offset: task.next >= 0 ? task.next : task.savedOffset,
    versions,
    sourceJson,
  };
}

/** After a successful save: the task knows what its snapshot now holds. */
export function applySaved(s: PreparedSave): void {
  s.task.savedOffset = s.offset;
  s.task.versions = s.versions;
  s.task.sourceJson = s.sourceJson;
}

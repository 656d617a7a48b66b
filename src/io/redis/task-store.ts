// One input partition's ("task's") snapshot in Redis: claimed by its owner (which fences the
// previous one), read back key by key, and written incrementally in one atomic script per save.
// What the fields mean is the cluster operator's business (src/cluster/snapshot.ts); this module
// only moves strings.

import type { Redis } from 'ioredis';
import { CepheusError, ErrorCodes } from '../../errors';
import { type RedisKeys, parseStateField } from './keys';
import { runScript } from './scripts';

export interface TaskRef {
  readonly topic: string;
  readonly partition: number;
}

/** The meta fields of a task snapshot, as stored (all strings). */
export type TaskMeta = Record<string, string>;

export interface ClaimedTask {
  /** our owner generation: every save must present it */
  gen: string;
  meta: TaskMeta;
}

/** One incremental save: meta fields to set, state fields to set and to delete. */
export interface TaskWrite {
  readonly meta: Record<string, string>;
  readonly set: readonly (readonly [string, string])[];
  readonly del: readonly string[];
}

export interface StateEntry {
  rule: string;
  version: string;
  key: string;
  json: string;
}

/** Called once per HSCAN reply with its entries. */
export type StateChunkHandler = (entries: StateEntry[]) => void;

// replies of ~1000 entries: much larger ones (tens of MB) are slower to parse than many small ones
const SCAN_COUNT = 1000;

export class RedisTaskStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Becomes the owner of the task's snapshot (the previous owner's saves fail from now on). */
  async claim(t: TaskRef): Promise<ClaimedTask> {
    const flat = (await runScript(this.redis, 'claim-task', [this.keys.taskMeta(t.topic, t.partition)], [])) as string[];
    const meta: TaskMeta = {};
    for (let i = 0; i + 1 < flat.length; i += 2) meta[flat[i]] = flat[i + 1];
    return { gen: meta.gen, meta };
  }

  /**
   * Streams every stored key state of the task, one HSCAN reply at a time (Redis is never
   * blocked for long, and the caller can let go of each chunk before the next arrives).
   */
  async readState(t: TaskRef, onChunk: StateChunkHandler): Promise<number> {
    const key = this.keys.taskState(t.topic, t.partition);
    let n = 0;
    let reply = this.redis.hscan(key, '0', 'COUNT', SCAN_COUNT);
    for (;;) {
      const [next, flat] = await reply;
      // Redis (another core) makes the next reply while this one is parsed
      if (next !== '0') reply = this.redis.hscan(key, next, 'COUNT', SCAN_COUNT);
      const entries: StateEntry[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const f = parseStateField(flat[i]);
        if (f !== null) entries.push({ rule: f.rule, version: f.version, key: f.key, json: flat[i + 1] });
      }
      n += entries.length;
      try {
        if (entries.length > 0) onChunk(entries);
      } catch (e) {
        // the reply asked for meanwhile is not awaited any more: its failure must not go unhandled
        if (next !== '0') reply.catch(() => undefined);
        throw e;
      }
      if (next === '0') return n;
    }
  }

  /** The stored state fields starting with `prefix` (a rule version being deleted). */
  async fieldsWithPrefix(t: TaskRef, prefix: string): Promise<string[]> {
    const key = this.keys.taskState(t.topic, t.partition);
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', SCAN_COUNT);
      for (let i = 0; i < flat.length; i += 2) out.push(flat[i]);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  /**
   * Writes several tasks' saves in one round trip; each is atomic on its own. Rejects with
   * STATE_FENCED (details.tasks: the fenced ones) when another instance owns some of them; the
   * others are written all the same.
   */
  async save(writes: readonly { task: TaskRef; gen: string; write: TaskWrite }[]): Promise<void> {
    if (writes.length === 0) return;
    const pipe = this.redis.pipeline();
    for (const w of writes) {
      runScript(pipe, 'save-task', [this.keys.taskMeta(w.task.topic, w.task.partition), this.keys.taskState(w.task.topic, w.task.partition)], saveArgs(w.gen, w.write));
    }
    const results = (await pipe.exec()) ?? [];
    const fenced: TaskRef[] = [];
    for (let i = 0; i < results.length; i++) {
      const err = results[i][0];
      if (err === null) continue;
      if (String(err.message).startsWith('FENCED')) fenced.push(writes[i].task);
      else throw err;
    }
    if (fenced.length > 0) {
      throw new CepheusError(ErrorCodes.STATE_FENCED, `another instance owns ${fenced.map(taskName).join(', ')}`, false, { tasks: fenced });
    }
  }

  /** Deletes a task's snapshot entirely (tests, `cepheus reset`). */
  async remove(t: TaskRef): Promise<void> {
    await this.redis.del(this.keys.taskMeta(t.topic, t.partition), this.keys.taskState(t.topic, t.partition));
  }
}

function saveArgs(gen: string, w: TaskWrite): string[] {
  const args: string[] = [gen];
  const meta = Object.entries(w.meta);
  args.push(String(meta.length));
  for (const [f, v] of meta) args.push(f, v);
  args.push(String(w.set.length));
  for (const [f, v] of w.set) args.push(f, v);
  args.push(String(w.del.length));
  for (const f of w.del) args.push(f);
  return args;
}

export function taskName(t: TaskRef): string {
  return `${t.topic}/${t.partition}`;
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

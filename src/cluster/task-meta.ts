// The meta fields of a task snapshot (src/io/redis/keys.ts `{t:..}:meta`), to and from strings:
//   gen       owner generation (claim-task bumps it)
//   offset    the next offset the snapshot covers
//   versions  {rule: {version, sig}}: which rule versions the state hash holds keys of
//   src:NAME  the task engine's state of source NAME (watermark, queued events)
//   epoch     exactly-once: the number of the transaction that commits `offset`
//   outbox    exactly-once: the alerts of that transaction (JSON array)
//   origins   repartitioned input: {origin partition: highest origin offset taken}
//   takenAt   wall clock of the save

import type { Alert } from '../engine/alert';
import type { SourceStateJson } from '../engine/source-runtime';
import { CepheusError, ErrorCodes } from '../errors';
import type { TaskMeta } from '../io/redis/task-store';
import type { StoredVersion } from './task';

export interface ParsedMeta {
  offset: number;
  /** exactly-once: the epoch of the last save that carried a transaction */
  epoch: number;
  versions: Map<string, StoredVersion>;
  sources: Map<string, SourceStateJson>;
  outbox: Alert[];
  origins: Map<string, number>;
}

export function parseMeta(meta: TaskMeta, where: string): ParsedMeta {
  try {
    const sources = new Map<string, SourceStateJson>();
    for (const [f, v] of Object.entries(meta)) if (f.startsWith('src:')) sources.set(f.slice(4), JSON.parse(v) as SourceStateJson);
    return {
      offset: meta.offset === undefined ? -1 : Number(meta.offset),
      epoch: meta.epoch === undefined ? 0 : Number(meta.epoch),
      versions: new Map(Object.entries(meta.versions === undefined ? {} : (JSON.parse(meta.versions) as Record<string, StoredVersion>))),
      sources,
      outbox: meta.outbox === undefined ? [] : (JSON.parse(meta.outbox) as Alert[]),
      origins: new Map(Object.entries(meta.origins === undefined ? {} : (JSON.parse(meta.origins) as Record<string, number>))),
    };
  } catch (e) {
    throw new CepheusError(ErrorCodes.SNAPSHOT_CORRUPT, `snapshot of ${where} cannot be read: ${(e as Error).message}`);
  }
}

export function versionsJson(versions: ReadonlyMap<string, StoredVersion>): string {
  return JSON.stringify(Object.fromEntries([...versions].sort(([a], [b]) => (a < b ? -1 : 1))));
}

// The embedded StateStore: one snapshot file in the data directory, replaced atomically, so a
// crash while writing leaves the previous snapshot in place.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { CepheusError, ErrorCodes } from '../../errors';
import type { Snapshot, SnapshotText, StateStore } from '../ports';
import { writeFileAtomic } from './atomic-write';

const FORMAT = 1;

export class FileStateStore implements StateStore {
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'snapshot.json');
  }

  async load(): Promise<Snapshot | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return decode(text, this.file);
  }

  async save(s: SnapshotText): Promise<void> {
    await fsp.mkdir(path.dirname(this.file), { recursive: true });
    const head = JSON.stringify({ format: FORMAT, positions: s.positions, takenAt: s.takenAt });
    // the state is JSON text already: splice it in rather than parse and print it again
    await writeFileAtomic(this.file, `${head.slice(0, -1)},"state":${s.stateJson}}`);
  }
}

function decode(text: string, file: string): Snapshot {
  let v: Partial<Snapshot> & { format?: unknown };
  try {
    v = JSON.parse(text) as typeof v;
  } catch (e) {
    throw new CepheusError(ErrorCodes.DATA_CORRUPT, `snapshot ${file} is corrupt (${(e as Error).message})`);
  }
  if (v.format !== FORMAT || typeof v.positions !== 'object' || v.state === undefined) {
    throw new CepheusError(ErrorCodes.DATA_CORRUPT, `snapshot ${file} is not a format-${FORMAT} snapshot`);
  }
  return { positions: v.positions as Record<string, number>, takenAt: Number(v.takenAt ?? 0), state: v.state };
}

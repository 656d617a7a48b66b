// One service per data directory: two writers would interleave the event log. The lock file
// holds the owner's pid; a lock left by a process that is gone (kill -9) is taken over.

import fs from 'node:fs';
import path from 'node:path';
import { CepheusError, ErrorCodes } from '../../errors';

export interface DataLock {
  release(): void;
}

export function acquireDataLock(dir: string): DataLock {
  const file = path.join(dir, 'LOCK');
  const owner = readOwner(file);
  if (owner !== null && owner !== process.pid && isAlive(owner)) {
    throw new CepheusError(ErrorCodes.DATA_DIR_LOCKED, `data directory ${dir} is in use by process ${owner} (CEPHEUS_DATA)`);
  }
  fs.writeFileSync(file, `${process.pid}\n`);
  return {
    release: () => {
      if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function readOwner(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process not yet reaped by its parent still answers kill(pid, 0) (Linux). */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

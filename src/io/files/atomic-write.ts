// Replacing a file so that a crash at any moment leaves the old content or the new, never a
// mix: write a temporary file beside it, fsync it, rename it over the target, fsync the
// directory (the rename itself is only durable once the directory entry is).

import fs from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  const dir = path.dirname(target);
  // a dot name not ending in the target's extension, so watchers of `*.cep` ignore it
  const tmp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** Makes renames and unlinks in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Removes a file and makes the removal durable; false when there was none. */
export async function removeFileDurably(file: string): Promise<boolean> {
  try {
    await fs.unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  await syncDir(path.dirname(file));
  return true;
}

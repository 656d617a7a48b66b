// The data directory: created if missing, locked against a second instance.

import fs from 'node:fs';
import { CepheusError, ErrorCodes } from '../errors';
import { acquireDataLock, type DataLock } from '../io/files/data-lock';

export function openDataDir(dir: string): DataLock {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new CepheusError(ErrorCodes.DATA_WRITE_FAILED, `cannot use the data directory ${dir} (CEPHEUS_DATA): ${(e as Error).message}`);
  }
  return acquireDataLock(dir);
}

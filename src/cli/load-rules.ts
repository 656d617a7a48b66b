// Reading rule files from paths given on the command line: files as they are, directories for
// their *.cep files (sorted, so the load order is stable).

import fs from 'node:fs';
import path from 'node:path';
import type { RuleFileInput } from '../compile/compile-rules';
import { CepheusError, ErrorCodes } from '../errors';

export function readRuleInputs(paths: readonly string[]): RuleFileInput[] {
  const files: string[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new CepheusError(ErrorCodes.FILE_UNREADABLE, `cannot read rules at ${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).filter((n) => n.endsWith('.cep')).sort()) files.push(path.join(p, name));
    } else {
      files.push(p);
    }
  }
  return files.map((file) => ({ file, text: readText(file) }));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CepheusError(ErrorCodes.FILE_UNREADABLE, `cannot read ${file}: ${(e as Error).message}`);
  }
}

// The embedded RuleSource: `*.cep` files in one directory (not its subdirectories), written
// atomically, watched by RuleWatcher.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { CepheusError, ErrorCodes } from '../../errors';
import type { RuleFileText, RuleSource, Unsubscribe } from '../ports';
import { removeFileDurably, writeFileAtomic } from './atomic-write';
import { isRuleFileName } from './rule-file-name';
import { RuleWatcher, type RuleWatcherOptions } from './rule-watcher';

export class RuleDirectory implements RuleSource {
  constructor(
    readonly location: string,
    private readonly watchOptions: RuleWatcherOptions = {},
  ) {}

  async readAll(): Promise<RuleFileText[]> {
    let names: string[];
    try {
      names = (await fsp.readdir(this.location)).filter(isRuleFileName).sort();
    } catch (e) {
      throw new CepheusError(
        ErrorCodes.RULES_UNREADABLE,
        `cannot read the rules directory ${this.location} (CEPHEUS_RULES): ${(e as Error).message}`,
      );
    }
    const files = await Promise.all(names.map((file) => this.readOne(file)));
    return files.filter((f): f is RuleFileText => f !== null);
  }

  async write(file: string, text: string): Promise<void> {
    await writeFileAtomic(this.pathOf(file), text);
  }

  async remove(file: string): Promise<boolean> {
    return removeFileDurably(this.pathOf(file));
  }

  async exists(file: string): Promise<boolean> {
    return fsp.access(this.pathOf(file)).then(() => true, () => false);
  }

  watch(onChange: () => void): Unsubscribe {
    const watcher = new RuleWatcher(this.location, onChange, this.watchOptions);
    watcher.start();
    return () => watcher.stop();
  }

  private pathOf(file: string): string {
    // callers check names; this is the last line of defence against leaving the directory
    if (!isRuleFileName(file)) throw new CepheusError(ErrorCodes.RULE_FILE_NAME, `bad rule file name ${JSON.stringify(file)}`);
    return path.join(this.location, file);
  }

  /** null when the file went away between listing and reading */
  private async readOne(file: string): Promise<RuleFileText | null> {
    try {
      return { file, text: await fsp.readFile(this.pathOf(file), 'utf8') };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CepheusError(ErrorCodes.RULES_UNREADABLE, `cannot read rule file ${file}: ${(e as Error).message}`);
    }
  }
}

// The rule files the service knows: for each, the text on disk, the last text that compiled (the
// one in force), and its diagnostics. A file that fails to compile changes nothing (LANGUAGE.md
// 3): its last good text stays in force, or it contributes nothing if it never compiled.
//
// Blame for conflicts between files (a rule name defined twice) falls on the later file in
// compile order, so changed files are compiled after the unchanged ones: a new file that reuses
// a running rule's name is the one refused, whatever the names sort like. The set in force is
// then compiled once more in name order, the order `cepheus run --rules DIR` uses.

import { type CompileResult, compileRuleFiles } from '../compile/compile-rules';
import type { RuleSet } from '../engine/engine';
import type { Diagnostic } from '../lang/diagnostic';
import type { RuleFileText, RuleFileView } from '../io/ports';

interface FileState {
  /** the text last read from disk */
  text: string;
  /** the text in force, null if the file never compiled */
  good: string | null;
  diagnostics: readonly Diagnostic[];
  ok: boolean;
}

export interface CatalogUpdate {
  /** false when no file's text changed: nothing to reload */
  changed: boolean;
  ruleSet: RuleSet;
  /** files whose current text does not compile */
  failed: string[];
}

export class RuleCatalog {
  private files = new Map<string, FileState>();
  private current: CompileResult = compileRuleFiles([]);

  get ruleSet(): RuleSet {
    return this.current.ruleSet;
  }

  /** Takes the directory's files as they are now. */
  update(inputs: readonly RuleFileText[]): CatalogUpdate {
    if (this.sameTexts(inputs)) return { changed: false, ruleSet: this.ruleSet, failed: this.failedFiles() };
    const { set, diagnostics } = this.resolve(inputs);
    const next = new Map<string, FileState>();
    for (const { file, text } of inputs) {
      const diags = diagnostics.get(file) ?? [];
      const good = set.find((s) => s.file === file)?.text ?? null;
      next.set(file, { text, good, diagnostics: diags, ok: !diags.some((d) => d.severity === 'error') });
    }
    this.files = next;
    this.current = compileRuleFiles(byName(set));
    return { changed: true, ruleSet: this.ruleSet, failed: this.failedFiles() };
  }

  /** The compile result of the texts in force with `file` replaced (or removed: null); nothing is kept. */
  tryWith(file: string, text: string | null): CompileResult {
    const others = this.inForce().filter((f) => f.file !== file);
    return compileRuleFiles(text === null ? others : [...others, { file, text }]);
  }

  /** Every file whose last good text is in force, by name. */
  inForce(): RuleFileText[] {
    const out: RuleFileText[] = [];
    for (const [file, s] of this.files) if (s.good !== null) out.push({ file, text: s.good });
    return byName(out);
  }

  fileViews(): RuleFileView[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([file, s]) => ({ file, status: s.ok ? 'ok' : 'error', diagnostics: s.diagnostics }));
  }

  fileState(file: string): { ok: boolean; diagnostics: readonly Diagnostic[] } | undefined {
    return this.files.get(file);
  }

  /** The rules a file's text in force defines. */
  rulesOf(file: string): string[] {
    return this.current.files.find((f) => f.file === file)?.rules.slice() ?? [];
  }

  private failedFiles(): string[] {
    return [...this.files].filter(([, s]) => !s.ok).map(([f]) => f);
  }

  private sameTexts(inputs: readonly RuleFileText[]): boolean {
    return inputs.length === this.files.size && inputs.every((i) => this.files.get(i.file)?.text === i.text);
  }

  /**
   * The set to run: every file's new text where it compiles with the others, else its last good
   * text, else nothing. Each round swaps out the files that fail.
   */
  private resolve(inputs: readonly RuleFileText[]): { set: RuleFileText[]; diagnostics: Map<string, readonly Diagnostic[]> } {
    const diagnostics = new Map<string, readonly Diagnostic[]>();
    const onDisk = new Map(inputs.map((f) => [f.file, f.text]));
    const isNew = (f: RuleFileText) => this.files.get(f.file)?.good !== f.text;
    let set = [...byName(inputs.filter((f) => !isNew(f))), ...byName(inputs.filter(isNew))];
    // ends: each round moves every failing file from its new text to its good one, or out
    for (let round = 0; ; round++) {
      const result = compileRuleFiles(set);
      // a file's diagnostics are those of its text on disk: from the first round, or from the
      // round where that text failed beside the others
      result.files.forEach((f, i) => {
        if (round === 0 || (!f.ok && set[i].text === onDisk.get(f.file))) diagnostics.set(f.file, f.diagnostics);
      });
      const bad = new Set(result.files.filter((f) => !f.ok).map((f) => f.file));
      if (bad.size === 0) break;
      set = set.flatMap((f) => {
        if (!bad.has(f.file)) return [f];
        const good = this.files.get(f.file)?.good ?? null;
        return good !== null && good !== f.text ? [{ file: f.file, text: good }] : [];
      });
    }
    return { set, diagnostics };
  }
}

function byName(files: readonly RuleFileText[]): RuleFileText[] {
  return [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

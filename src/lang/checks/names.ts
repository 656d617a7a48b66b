// Rule names are unique across all loaded files, source names within a file (LANGUAGE.md 3).
// An error involving two places points at the later one and names the earlier.
import type { RuleFile } from '../ast';
import type { DiagnosticBag } from '../diagnostic';
import { CheckMessages as M, report } from '../diagnostics';

export function checkNamesInFile(ast: RuleFile, bag: DiagnosticBag): void {
  const rules = new Map<string, number>();
  for (const rule of ast.rules) {
    const line = rules.get(rule.name);
    if (line === undefined) rules.set(rule.name, rule.nameSpan.line);
    else report(bag, M.DuplicateRule, rule.nameSpan, rule.name, `line ${line}`);
  }
  const sources = new Map<string, number>();
  for (const source of ast.sources) {
    const line = sources.get(source.name);
    if (line === undefined) sources.set(source.name, source.nameSpan.line);
    else report(bag, M.DuplicateSource, source.nameSpan, source.name, String(line));
  }
}

/**
 * Rule names repeated across files: the later file's rule is reported, naming the earlier
 * file:line. Repeats inside one file are checkRuleFile's; only a file's first rule of a name is
 * compared here, so no rule is reported twice. `bags[i]` collects the diagnostics of `files[i]`.
 */
export function checkNamesAcrossFiles(files: readonly RuleFile[], bags: readonly DiagnosticBag[]): void {
  const first = new Map<string, { file: string; line: number }>();
  files.forEach((ast, i) => {
    const local = new Set<string>();
    for (const rule of ast.rules) {
      if (local.has(rule.name)) continue;
      local.add(rule.name);
      const earlier = first.get(rule.name);
      if (earlier === undefined) first.set(rule.name, { file: ast.file, line: rule.nameSpan.line });
      else report(bags[i], M.DuplicateRule, rule.nameSpan, rule.name, `${earlier.file}:${earlier.line}`);
    }
  });
}

// Rule files → a runnable RuleSet, or diagnostics. A file that does not compile contributes
// nothing; the caller decides what that means (replay: exit 1; hot reload: keep the old rules).

import type { RuleDecl, RuleFile, SourceDecl, Span } from '../lang/ast';
import { checkDuplicateRules, checkRuleFile } from '../lang/check';
import { type Diagnostic, DiagnosticBag } from '../lang/diagnostic';
import { sortDiagnostics } from '../lang/format';
import { parseRuleFile } from '../lang/parse';
import type { CompiledRule, RuleSet } from '../engine/engine';
import type { RuleInfo } from '../engine/rule';
import type { SourceSpec } from '../engine/source-runtime';
import { compilePatternRule } from './compile-pattern-rule';
import { ruleVersion } from './rule-version';
import { stateSignature } from './state-signature';
import { sourceSpec } from './source-spec';

export interface RuleFileInput {
  readonly file: string;
  readonly text: string;
}

export interface FileResult {
  readonly file: string;
  readonly ok: boolean;
  readonly rules: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ast: RuleFile | null;
}

export interface CompileResult {
  readonly ok: boolean;
  readonly ruleSet: RuleSet;
  readonly files: readonly FileResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Compiles a window rule; the windows module registers itself here. */
export type WindowCompiler = (decl: RuleDecl, info: RuleInfo, source: SourceDecl | undefined, bag: DiagnosticBag) => CompiledRule | null;

let windowCompiler: WindowCompiler | null = null;

export function registerWindowCompiler(c: WindowCompiler): void {
  windowCompiler = c;
}

export function compileRuleFiles(inputs: readonly RuleFileInput[]): CompileResult {
  const parsed = inputs.map((input) => parseOne(input));
  checkDuplicateRules(
    parsed.map((p) => p.ast).filter((a): a is RuleFile => a !== null),
    parsed.filter((p) => p.ast !== null).map((p) => p.bag),
  );
  const sources = collectSources(parsed.map((p) => p.ast));
  const rules: CompiledRule[] = [];
  const files: FileResult[] = parsed.map((p, i) => {
    // a file with errors still has its clean rules type-checked, so one run reports every error
    // of the file (LANGUAGE.md 11); none of its rules runs
    const compiled = p.ast !== null ? compileFile(p.ast, sources.decls, p.bag) : [];
    const ok = !p.bag.hasErrors;
    if (ok) rules.push(...compiled);
    return { file: inputs[i].file, ok, rules: ok ? compiled.map((r) => r.name) : [], diagnostics: sortDiagnostics(p.bag.items), ast: p.ast };
  });
  const diagnostics = files.flatMap((f) => f.diagnostics);
  return {
    ok: files.every((f) => f.ok),
    ruleSet: { rules, sources: sources.specs },
    files,
    diagnostics,
  };
}

function parseOne(input: RuleFileInput): { ast: RuleFile | null; bag: DiagnosticBag } {
  const bag = new DiagnosticBag(input.file);
  const { ast, diagnostics } = parseRuleFile(input.text, input.file);
  bag.items.push(...diagnostics);
  if (ast !== null) checkRuleFile(ast, bag);
  return { ast, bag };
}

function collectSources(asts: (RuleFile | null)[]): {
  decls: Map<string, SourceDecl>;
  specs: Map<string, SourceSpec>;
} {
  const decls = new Map<string, SourceDecl>();
  const specs = new Map<string, SourceSpec>();
  for (const ast of asts) {
    for (const s of ast?.sources ?? []) {
      if (decls.has(s.name)) continue;
      decls.set(s.name, s);
      specs.set(s.name, sourceSpec(s));
    }
  }
  return { decls, specs };
}

function compileFile(ast: RuleFile, sources: Map<string, SourceDecl>, bag: DiagnosticBag): CompiledRule[] {
  const out: CompiledRule[] = [];
  // rules with an error already (structure, names) are not compiled further: what they would
  // report next follows from that error
  const flawed = bag.items.filter((d) => d.severity === 'error');
  for (const decl of ast.rules) {
    if (flawed.some((d) => within(d, decl.span))) continue;
    const sourceName = decl.from?.name ?? 'events';
    const info = ruleInfo(decl, ast.file, sourceName);
    const source = sources.get(sourceName);
    const rule = decl.window !== undefined
      ? windowCompiler?.(decl, info, source, bag) ?? null
      : compilePatternRule(decl, info, source, bag);
    if (rule !== null) out.push(rule);
  }
  return out;
}

function within(d: Diagnostic, span: Span): boolean {
  const afterStart = d.line > span.line || (d.line === span.line && d.column >= span.col);
  const beforeEnd = d.line < span.endLine || (d.line === span.endLine && d.column <= span.endCol);
  return afterStart && beforeEnd;
}

function ruleInfo(decl: RuleDecl, file: string, source: string): RuleInfo {
  return {
    name: decl.name,
    version: ruleVersion(decl.sourceText),
    stateSignature: stateSignature(decl, source),
    file,
    sourceText: decl.sourceText,
    severity: decl.severity?.value ?? 'medium',
    description: decl.description?.value ?? null,
    tags: decl.tags?.values ?? [],
    enabled: decl.enabled?.value ?? true,
    source,
  };
}

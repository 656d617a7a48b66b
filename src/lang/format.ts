// Diagnostics as `cepheus check` prints them:
//
//   rules/x.cep:3:16: error CEP1001: expected a step name, found '->'
//     pattern a -> -> b
//                  ^~
import type { Diagnostic } from './diagnostic';

export function formatDiagnostic(d: Diagnostic, sourceText: string): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  const line = sourceLine(sourceText, d.line);
  if (line === null) return head;
  return `${head}\n${line}\n${caretLine(line, d)}`;
}

/** Several diagnostics of one file, in the order of their positions. */
export function formatDiagnostics(list: readonly Diagnostic[], sourceText: string): string {
  return sortDiagnostics(list)
    .map((d) => formatDiagnostic(d, sourceText))
    .join('\n');
}

/** By file, line and column; diagnostics at the same place keep their order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The 1-based line without its line break, or null past the end of the text. */
function sourceLine(text: string, n: number): string | null {
  const lines = text.split('\n');
  if (n < 1 || n > lines.length) return null;
  return lines[n - 1].replace(/\r$/, '');
}

/**
 * `^` under the first column, `~` under the rest of the span on that line. Tabs before the caret
 * are kept so that the caret lines up however tabs are shown.
 */
function caretLine(line: string, d: Diagnostic): string {
  const start = Math.max(1, Math.min(d.column, line.length + 1));
  const end = d.endLine === d.line ? d.endColumn : line.length + 1;
  const width = Math.max(1, end - start);
  const pad = line.slice(0, start - 1).replace(/[^\t]/g, ' ');
  return `${pad}^${'~'.repeat(width - 1)}`;
}

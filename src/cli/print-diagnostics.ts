// Diagnostics for people: `file:line:col: error CODE: message`, the source line and a caret.

import type { Diagnostic } from '../lang/diagnostic';
import { formatDiagnostic } from '../lang/format';
import type { RuleFileInput } from '../compile/compile-rules';

export function printDiagnostics(diags: readonly Diagnostic[], inputs: readonly RuleFileInput[], write: (s: string) => void): void {
  const texts = new Map(inputs.map((i) => [i.file, i.text]));
  for (const d of diags) write(`${formatDiagnostic(d, texts.get(d.file) ?? '')}\n`);
}

// A compile diagnostic: the same plain object is printed by `cepheus check`, returned by
// POST /rules/validate and logged by hot reload.

export interface Diagnostic {
  /** stable code: CEP1xxx syntax, CEP2xxx semantics (see diagnostics catalogue) */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

import type { Span } from './ast';

/** Collects the diagnostics of one file; checkers report into it and go on. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  constructor(readonly file: string) {}

  error(code: string, span: Span, message: string): void {
    this.items.push({
      code,
      severity: 'error',
      message,
      file: this.file,
      line: span.line,
      column: span.col,
      endLine: span.endLine,
      endColumn: span.endCol,
    });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

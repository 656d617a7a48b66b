// Which alerts a query or an SSE subscription wants.

import type { Alert } from '../../engine/alert';
import type { AlertFilter } from '../ports';

/** An alert's key as the `key` filter compares it: a string as is, anything else as JSON. */
export function keyText(key: unknown): string {
  return typeof key === 'string' ? key : JSON.stringify(key ?? null);
}

export function matchesFilter(a: Alert, f: AlertFilter): boolean {
  return (
    (f.rule === undefined || a.rule === f.rule) &&
    (f.kind === undefined || a.kind === f.kind) &&
    (f.severity === undefined || a.severity === f.severity) &&
    (f.from === undefined || a.detectedAt >= f.from) &&
    (f.to === undefined || a.detectedAt <= f.to) &&
    (f.key === undefined || keyText(a.key) === f.key)
  );
}

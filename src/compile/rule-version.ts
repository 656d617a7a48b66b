// A rule's version: a hash of its normalised source (its tokens, without comments or layout), so
// that reformatting a rule does not change its version and hot reload keeps its state.

import { createHash } from 'node:crypto';
import { scan } from '../lang/syntax/tokens';

export function ruleVersion(sourceText: string): string {
  const parts: string[] = [];
  for (const t of scan(sourceText)) {
    if (t.type === 'ws' || t.type === 'nl' || t.type === 'comment' || t.type === 'blockComment') continue;
    parts.push(t.text);
  }
  return createHash('sha256').update(parts.join('\u0001')).digest('hex').slice(0, 16);
}

// Alerts as LANGUAGE.md section 10 writes them: the same object on REST, on the alert topic and
// in replay output. Ids are derived from what was matched, so a replay gives the same ids.

import { createHash } from 'node:crypto';
import type { Severity } from '../lang/ast';

export type AlertKind = 'match' | 'timeout' | 'window';

export interface Alert {
  id: string;
  rule: string;
  version: string;
  kind: AlertKind;
  key: unknown;
  severity: Severity;
  start: number;
  end: number;
  detectedAt: number;
  /** window alerts: 0 for the first firing, +1 for each late re-firing */
  revision?: number;
  events: Record<string, unknown[]>;
  fields: Record<string, unknown>;
  /** the rule's `description` (LANGUAGE.md 4), when it has one */
  description?: string;
  /** the rule's `tags`, when it has any */
  tags?: string[];
}

/** A stable id from the rule version, key, kind and the matched events' positions. */
export function alertId(rule: string, version: string, keyText: string, kind: AlertKind, positions: string): string {
  return createHash('sha256')
    .update(`${rule}\u0000${version}\u0000${keyText}\u0000${kind}\u0000${positions}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The rule's description and tags on the alert (LANGUAGE.md 4: "shown in the REST API and in
 * alerts"), after the section 10 fields; a rule without them adds nothing.
 */
export function withRuleInfo(a: Alert, rule: { readonly description: string | null; readonly tags: readonly string[] }): Alert {
  if (rule.description !== null) a.description = rule.description;
  if (rule.tags.length > 0) a.tags = [...rule.tags];
  return a;
}
